package com.riskpolicy.api;

import static com.riskpolicy.api.Api.createAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, OpenAPI, metrics, contracts and the active rule set. */
@QuarkusTest
class OperationsTest {

    @Test
    void the_service_is_ready_once_a_rule_set_is_active() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rules' }.data.revision", startsWith("sha256:"));
    }

    @Test
    void the_openapi_document_lists_the_v1_paths() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/checks/open-position"))
                .body(containsString("/v1/accounts/{accountId}/margin-modes/{symbol}"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void decisions_are_counted_by_action_and_outcome_with_their_latency() {
        String accountId = createAccount("metrics", Map.of("USDT", "1"));
        Api.post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "BTCUSDT", "mode", "ISOLATED"))
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("policy_decisions_seconds_count{action=\"SWITCH_MARGIN_MODE\",outcome=\"ALLOW\"}"))
                .body(containsString("policy_decisions_seconds_bucket{action=\"OPEN_POSITION\",outcome=\"DENY\",le=\"1.0E-6\"}"));
    }

    @Test
    void contracts_come_from_the_tier_table_of_the_active_rules() {
        given().get("/v1/contracts").then().statusCode(200)
                .body("symbol", hasItem("BTCUSDT"))
                .body("find { it.symbol == 'ETHUSDT' }.tiers.size()", equalTo(12));
        given().get("/v1/contracts/BTCUSDT").then().statusCode(200)
                .body("settlementCurrency", equalTo("USDT"))
                .body("tiers[0].maxLeverage", equalTo("125"))
                .body("tiers[1].floor", equalTo("50000"))
                .body("tiers[11].maintenanceAmount", equalTo("421481450"));
        given().get("/v1/contracts/DOGEUSDT").then().statusCode(404);
    }

    @Test
    void the_active_rule_set_names_its_revision_and_files() {
        given().get("/v1/rules").then().statusCode(200)
                .body("revision", startsWith("sha256:"))
                .body("files", hasItem("margin-mode.drl"))
                .body("files", hasItem("risk-tiers.csv"));
    }
}
