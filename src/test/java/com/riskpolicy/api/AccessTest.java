package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md, Access: HTTP Basic, the roles platform, risk-officer and auditor, 401 and 403 as
 * problem+json. The checks happen before a resource is chosen, so paths of endpoints that other
 * work adds (rule reloads, the decision log) are covered already: for them "allowed" means neither
 * 401 nor 403, whatever the endpoint then answers.
 */
@QuarkusTest
class AccessTest {

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user);
    }

    @Test
    void a_request_without_credentials_is_401_with_a_basic_challenge_as_a_problem() {
        given().auth().none().get("/v1/contracts").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"risk-policy\"")
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401))
                .body("detail", equalTo("This request needs the credentials of a user of this service (HTTP Basic)."));
    }

    @Test
    void a_wrong_password_or_an_unknown_user_is_401_as_a_problem() {
        for (RequestSpecification wrong : new RequestSpecification[] {
                given().auth().preemptive().basic("platform", "not-the-password"),
                given().auth().preemptive().basic("mallory", "mallory"),
                given().auth().none().header("Authorization", "Basic not-base64")}) {
            wrong.get("/v1/contracts").then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Basic realm=\"risk-policy\"")
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(401))
                    .body("detail", equalTo("The credentials were not accepted."));
        }
    }

    @Test
    void an_auditor_asking_for_a_check_is_403_as_a_problem() {
        as("auditor").contentType(ContentType.JSON).body("{}").post("/v1/checks/open-position").then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", equalTo("User auditor may not POST /v1/checks/open-position."));
    }

    @Test
    void the_platform_may_not_reload_the_rules_whether_or_not_the_endpoint_exists() {
        given().post("/v1/rules/reload").then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("User platform may not POST /v1/rules/reload."));
        as("officer").post("/v1/rules/reload").then().statusCode(not(oneOf(401, 403)));
    }

    @Test
    void health_metrics_and_the_api_description_are_open() {
        given().auth().none().get("/q/health").then().statusCode(200);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
        given().auth().none().get("/q/metrics").then().statusCode(200);
        given().auth().none().accept("application/json").get("/q/openapi").then().statusCode(200);
    }

    /** The access matrix of the README, row by row: user, method, path, allowed. */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(textBlock = """
            platform, GET,    /v1/accounts/nobody,                      allowed
            officer,  GET,    /v1/accounts/nobody,                      allowed
            auditor,  GET,    /v1/accounts/nobody,                      allowed
            auditor,  GET,    /v1/contracts,                            allowed
            auditor,  GET,    /v1/liquidations,                         allowed
            auditor,  GET,    /v1/adl-queue/BTCUSDT,                    allowed
            auditor,  GET,    /v1/insurance-fund,                       allowed
            auditor,  GET,    /v1/decisions,                            allowed
            officer,  GET,    /v1/decisions,                            allowed
            auditor,  GET,    /v1/rules,                                allowed
            platform, GET,    /v1/rules,                                allowed
            auditor,  GET,    /v1/rules/revisions,                      allowed
            auditor,  GET,    /v1/rules/revisions/sha256:0,             allowed
            officer,  DELETE, /v1/rules/revisions/sha256:0,             allowed
            auditor,  DELETE, /v1/rules/revisions/sha256:0,             refused
            auditor,  GET,    /v1/rules/proposals,                      allowed
            platform, GET,    /v1/rules/proposals/1,                    allowed
            officer,  POST,   /v1/rules/proposals/1/approvals,          allowed
            auditor,  POST,   /v1/rules/proposals/1/approvals,          refused
            platform, POST,   /v1/rules/proposals,                      refused
            platform, POST,   /v1/accounts,                             allowed
            platform, POST,   /v1/accounts/nobody/deposits,             allowed
            platform, PUT,    /v1/accounts/nobody/margin-modes/BTCUSDT, allowed
            platform, DELETE, /v1/accounts/nobody/orders/nothing,       allowed
            platform, POST,   /v1/checks/open-position,                 allowed
            platform, POST,   /v1/decisions,                            allowed
            platform, PUT,    /v1/mark-prices/BTCUSDT,                  allowed
            platform, POST,   /v1/insurance-fund/USDT/deposits,         allowed
            officer,  POST,   /v1/rules/validate,                       allowed
            officer,  POST,   /v1/rules/rollback,                       allowed
            officer,  POST,   /v1/rules/impact,                         allowed
            officer,  GET,    /v1/rules/anything-else,                  allowed
            auditor,  POST,   /v1/accounts,                             refused
            auditor,  DELETE, /v1/accounts/nobody/positions/BTCUSDT,    refused
            auditor,  POST,   /v1/decisions,                            refused
            auditor,  PUT,    /v1/mark-prices/BTCUSDT,                  refused
            auditor,  POST,   /v1/insurance-fund/USDT/withdrawals,      refused
            auditor,  POST,   /v1/rules/validate,                       refused
            auditor,  GET,    /v1/rules/anything-else,                  refused
            officer,  POST,   /v1/checks/open-position,                 refused
            officer,  PUT,    /v1/accounts/nobody/leverages/BTCUSDT,    refused
            officer,  PUT,    /v1/mark-prices/BTCUSDT,                  refused
            platform, POST,   /v1/rules/validate,                       refused
            platform, POST,   /v1/rules/impact,                         refused
            platform, POST,   /v1/contracts,                            refused
            platform, POST,   /v1/nowhere,                              refused
            platform, GET,    /,                                        refused
            officer,  GET,    /console/,                                allowed
            auditor,  GET,    /console/,                                allowed
            platform, GET,    /console/,                                refused
            platform, GET,    /console,                                 refused
            auditor,  GET,    /console/decisions,                       allowed
            platform, GET,    /console/decisions,                       refused
            auditor,  GET,    /console/rules,                           allowed
            auditor,  GET,    /console/rules/files/risk-tiers.csv,      allowed
            auditor,  GET,    /console/rules/diff,                      allowed
            auditor,  GET,    /console/rules/rollback,                  allowed
            platform, GET,    /console/rules,                           refused
            platform, GET,    /console/rules/files/risk-tiers.csv,      refused
            auditor,  POST,   /console/rules/rollback,                  refused
            platform, POST,   /console/rules/rollback,                  refused
            officer,  POST,   /console/rules/rollback,                  allowed
            auditor,  GET,    /console/liquidations,                    allowed
            platform, GET,    /console/liquidations,                    refused
            auditor,  GET,    /console/what-if,                         allowed
            platform, GET,    /console/what-if,                         refused
            auditor,  POST,   /console/what-if/decision,                allowed
            officer,  POST,   /console/what-if/decision,                allowed
            platform, POST,   /console/what-if/decision,                refused
            auditor,  GET,    /console/edit,                            allowed
            auditor,  GET,    /console/proposals,                       allowed
            platform, GET,    /console/proposals,                       refused
            officer,  POST,   /console/edit,                            allowed
            auditor,  POST,   /console/edit,                            refused
            officer,  POST,   /console/proposals/1/approval,            allowed
            auditor,  POST,   /console/proposals/1/approval,            refused
            auditor,  POST,   /console/proposals/1/rejection,           refused
            auditor,  POST,   /console/proposals/1/withdrawal,          refused
            """)
    void each_role_may_do_what_the_access_matrix_says(String user, String method, String path, String expected) {
        Response response = as(user).contentType(ContentType.JSON).body("{}").request(method, path);
        if (expected.equals("allowed")) {
            response.then().statusCode(not(oneOf(401, 403)));
        } else {
            response.then().statusCode(403).contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void a_request_a_browser_sends_from_another_site_is_refused_before_it_changes_anything() {
        String before = as("auditor").get("/v1/rules").jsonPath().getString("revision");
        as("officer").header("Origin", "https://attacker.example").contentType(ContentType.URLENC)
                .formParam("revision", before).post("/v1/rules/rollback").then().statusCode(403);
        as("officer").header("Origin", "https://attacker.example").post("/v1/rules/reload").then().statusCode(403);
        as("officer").header("Origin", "https://attacker.example").get("/console/").then().statusCode(403);
        as("auditor").get("/v1/rules").then().body("revision", equalTo(before));

        // the console's own pages, and clients that send no Origin, are served
        as("officer").header("Origin", "http://localhost:" + io.restassured.RestAssured.port).get("/console/").then()
                .statusCode(200);
        as("officer").get("/console/").then().statusCode(200);
    }
}
