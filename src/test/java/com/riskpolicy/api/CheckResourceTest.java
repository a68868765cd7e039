package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decisionlog.DecisionLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CheckResourceTest {

    @Inject
    ObjectMapper mapper;
    @Inject
    DecisionLog log;

    /**
     * A check answers with the document its log row keeps, written once for both: it must be what
     * the service's own JSON would make of the decision, and the log must hold the same.
     */
    @Test
    void a_check_answers_with_the_document_its_log_row_keeps() throws Exception {
        String accountId = createAccount("chk", Map.of("USDT", "5000"));
        String answer = post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                "side", "LONG", "quantity", "0.1", "price", "60000", "leverage", "10"))
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();

        DecisionView view = mapper.readValue(answer, DecisionView.class);
        assertEquals(mapper.writeValueAsString(view), answer);
        assertNotNull(view.preview().after());
        assertTrue(log.flush(Duration.ofSeconds(10)), "the decision log did not catch up within 10 s");
        assertEquals(view, log.find(view.decisionId()).orElseThrow().decision());
    }

    @Test
    void the_openapi_document_names_the_shape_of_a_checks_answer() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/checks/open-position'.post.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/DecisionView"))
                .body("paths.'/v1/decisions'.post.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/DecisionView"));
    }

    @Test
    void a_denied_check_answers_200_with_the_decision_and_changes_nothing() {
        String accountId = createAccount("chk", Map.of("USDT", "500"));
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT", "side", "LONG",
                "quantity", "0.1", "price", "60000", "leverage", "10"))
                .then().statusCode(200)
                .body("action", equalTo("OPEN_POSITION"))
                .body("decision", equalTo("DENY"))
                .body("violations[0].code", equalTo("INSUFFICIENT_CROSS_BALANCE"))
                .body("firedRules", hasItem("Isolated margin comes from the transferable balance of the cross-margin account"))
                .body("preview.transferFromCross", equalTo("600.00000000"))
                .body("decisionId", notNullValue())
                .body("evaluatedAt", notNullValue());
        account(accountId).then().body("balances.USDT", equalTo("500.00000000")).body("positions.size()", equalTo(0));
    }

    @Test
    void an_allowed_check_does_not_apply_the_action() {
        String accountId = createAccount("chk", Map.of("USDT", "5000"));
        post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "ETHUSDT", "mode", "ISOLATED"))
                .then().statusCode(200).body("decision", equalTo("ALLOW"));
        post("/v1/checks/place-order", Map.of("accountId", accountId, "symbol", "ETHUSDT", "side", "SELL",
                "quantity", "1", "price", "2000"))
                .then().statusCode(200).body("decision", equalTo("ALLOW")).body("action", equalTo("PLACE_ORDER"));
        post("/v1/checks/adjust-leverage", Map.of("accountId", accountId, "symbol", "ETHUSDT", "leverage", "7"))
                .then().statusCode(200).body("decision", equalTo("ALLOW"));
        account(accountId).then().body("marginModes.ETHUSDT", equalTo(null)).body("orders.size()", equalTo(0))
                .body("leverages.ETHUSDT", equalTo(null));
    }

    @Test
    void a_check_names_what_is_wrong_with_its_input() {
        String accountId = createAccount("chk", Map.of("USDT", "5000"));
        post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT", "side", "UP",
                "quantity", "1", "price", "1")).then().statusCode(400).body("errors[0].field", equalTo("side"));
        post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "NOPE", "side", "LONG",
                "quantity", "1", "price", "1")).then().statusCode(400).body("errors[0].field", equalTo("symbol"));
        post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT", "side", "LONG",
                "quantity", "0", "price", "1")).then().statusCode(400).body("errors[0].field", equalTo("quantity"));
        post("/v1/checks/open-position", Map.of("accountId", "ghost-account", "symbol", "BTCUSDT", "side", "LONG",
                "quantity", "1", "price", "1")).then().statusCode(404).contentType("application/problem+json");
        post("/v1/checks/teleport", Map.of("accountId", accountId)).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void the_benchmark_s_baseline_is_an_unknown_path_unless_switched_on() {
        String unknown = post("/v1/checks/teleport", Map.of("accountId", "a")).then().statusCode(404)
                .contentType("application/problem+json").extract().path("detail");
        post("/v1/checks/baseline", Map.of("accountId", "a", "symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                "price", "1")).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo(unknown));
        given().contentType(ContentType.JSON).body("{\"accountId\":").post("/v1/checks/baseline")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
