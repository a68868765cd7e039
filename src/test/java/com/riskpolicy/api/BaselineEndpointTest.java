package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP check benchmark's baseline (BENCHMARKS.md), switched on: a check's sign-in, access rule and
 * strict JSON, its body answered back, no decision. Off, as it ships, it is an unknown path
 * ({@code CheckResourceTest}).
 */
@QuarkusTest
@TestProfile(BaselineEndpointProfile.class)
class BaselineEndpointTest {

    private static final Map<String, String> OPENING = Map.of("accountId", "nobody-needed", "symbol", "BTCUSDT",
            "side", "LONG", "quantity", "0.01", "price", "60000", "leverage", "10");

    @Test
    void switched_on_it_answers_an_open_position_check_s_body_back_without_deciding() {
        post("/v1/checks/baseline", OPENING).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("accountId", equalTo("nobody-needed"))
                .body("side", equalTo("LONG"))
                .body("symbol", equalTo("BTCUSDT"))
                .body("quantity.toString()", equalTo("0.01"))
                .body("price.toString()", equalTo("60000"))
                .body("leverage.toString()", equalTo("10"))
                .body("decision", equalTo(null));
    }

    @Test
    void it_signs_in_and_refuses_as_a_check_does() {
        given().auth().none().contentType(ContentType.JSON).body(OPENING).post("/v1/checks/baseline")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Basic realm=\"risk-policy\"");
        given().auth().preemptive().basic("auditor", "auditor").contentType(ContentType.JSON).body(OPENING)
                .post("/v1/checks/baseline").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void it_reads_its_body_as_strictly_as_a_check_does() {
        post("/v1/checks/baseline", Map.of("accountId", "a", "symbol", "BTCUSDT", "side", "UP", "quantity", "1",
                "price", "1")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("side"));
        post("/v1/checks/baseline", Map.of("accountId", "a", "symbol", "BTCUSDT", "side", "LONG", "quantity", "0",
                "price", "1")).then().statusCode(400).body("errors[0].field", equalTo("quantity"));
        given().contentType(ContentType.JSON).body("{\"accountId\":").post("/v1/checks/baseline")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
    }
}
