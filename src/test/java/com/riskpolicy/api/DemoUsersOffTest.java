package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With policy.security.demo-users=false only the configured users sign in, with their roles. */
@QuarkusTest
@TestProfile(DemoUsersOffProfile.class)
class DemoUsersOffTest {

    @Test
    void the_demo_users_no_longer_sign_in() {
        for (String demo : new String[] {"platform", "officer", "approver", "auditor"}) {
            given().auth().preemptive().basic(demo, demo).get("/v1/contracts").then().statusCode(401);
        }
    }

    @Test
    void configured_users_sign_in_with_their_roles() {
        given().auth().preemptive().basic("exchange-gateway", "gateway-secret").contentType(ContentType.JSON)
                .body(Map.of("accountId", "gateway-1", "balances", Map.of("USDT", "100")))
                .post("/v1/accounts").then().statusCode(201);
        given().auth().preemptive().basic("compliance", "compliance-secret")
                .get("/v1/accounts/gateway-1").then().statusCode(200).body("accountId", equalTo("gateway-1"));
        given().auth().preemptive().basic("compliance", "compliance-secret").contentType(ContentType.JSON)
                .body(Map.of("currency", "USDT", "amount", "1"))
                .post("/v1/accounts/gateway-1/deposits").then().statusCode(403);
    }

    @Test
    void health_stays_open() {
        given().auth().none().get("/q/health").then().statusCode(200);
    }
}
