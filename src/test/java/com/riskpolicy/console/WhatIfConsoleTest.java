package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The what-if page's question, {@code POST /console/what-if/decision}: the body of
 * {@code POST /v1/decisions}, the same decision and preview, and the position's risk curve after it;
 * read-only, so auditors ask it too, and never logged. And the page itself: a position from the
 * ledger or entered, an unreadable field named on the page, an unknown account a 404.
 */
@QuarkusTest
class WhatIfConsoleTest {

    static final String MAINTENANCE_RULE = "Removing margin must leave the maintenance margin covered";

    /** E4/E5 of docs/margin-policy.md §5: isolated LONG 1 @ 20,000, iM 1,000, mark 20,000. */
    static Map<String, Object> removal(String accountId, String amount) {
        return Map.of("action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", amount),
                "facts", Map.of("account", Map.of("accountId", accountId, "balances", Map.of("USDT", "5000")),
                        "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                        "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                                "entryPrice", "20000", "leverage", "20", "mode", "ISOLATED", "isolatedMargin", "1000")),
                        "orders", List.of(), "markPrices", Map.of("BTCUSDT", "20000")));
    }

    /** Two cross positions, so the margin behind one of them is the book's less what the other needs. */
    static Map<String, Object> crossFacts(String mark) {
        return Map.of("account", Map.of("accountId", "what-if-cross", "balances", Map.of("USDT", "3000")),
                "marginModes", Map.of("BTCUSDT", "CROSS", "ETHUSDT", "CROSS"),
                "positions", List.of(
                        Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "2", "entryPrice", "20000", "leverage", "20",
                                "mode", "CROSS"),
                        Map.of("symbol", "ETHUSDT", "side", "SHORT", "quantity", "10", "entryPrice", "2000", "leverage", "10",
                                "mode", "CROSS")),
                "orders", List.of(), "markPrices", Map.of("BTCUSDT", mark, "ETHUSDT", "2050"));
    }

    private static JsonPath whatIf(String user, Object body) {
        return as(user).body(body).post("/console/what-if/decision").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath stateless(Object body) {
        return as("platform").body(body).post("/v1/decisions").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void the_answer_has_the_stateless_decision_its_violation_and_liquidation_price_and_the_curve_after_it() {
        Map<String, Object> body = removal("what-if-e5", "921");
        JsonPath api = stateless(body);
        JsonPath answer = whatIf("officer", body);

        assertEquals("DENY", answer.getString("decision"));
        assertEquals("REMOVE_MARGIN", answer.getString("action"));
        assertEquals("MAINTENANCE_MARGIN_BREACH", answer.getString("violations[0].code"));
        assertEquals(MAINTENANCE_RULE, answer.getString("violations[0].rule"));
        assertEquals(api.getString("preview.after.liquidationPrice"), answer.getString("preview.after.liquidationPrice"));
        assertEquals(api.getString("preview.before.liquidationPrice"), answer.getString("preview.before.liquidationPrice"));
        assertEquals(api.getMap("preview.after"), answer.getMap("preview.after"));
        assertEquals(api.getString("ruleSetRevision"), answer.getString("ruleSetRevision"));

        // the curve spans both liquidation prices, and at the mark its ratio is the preview's after
        List<Map<String, String>> points = answer.getList("curve.points");
        assertEquals(RiskCurve.STEPS + 1, points.size());
        double from = Double.parseDouble(answer.getString("curve.from"));
        double to = Double.parseDouble(answer.getString("curve.to"));
        for (String price : List.of(api.getString("preview.before.liquidationPrice"), api.getString("preview.after.liquidationPrice"))) {
            double at = Double.parseDouble(price);
            assertTrue(from < at && at < to, () -> price + " is outside the curve's range " + from + " to " + to);
        }
        assertEquals("1.00000000", answer.getString("curve.liquidationRiskRatio"));
        assertEquals("0.80000000", answer.getString("curve.marginCallRiskRatio"));
    }

    @Test
    void at_the_margin_call_price_the_risk_ratio_is_the_margin_call_threshold_isolated_and_cross() {
        String isolated = whatIf("auditor", removal("what-if-call", "100")).getString("curve.marginCallPrice");
        Map<String, Object> atCall = new HashMap<>(removal("what-if-call", "100"));
        Map<String, Object> facts = new HashMap<>(castMap(atCall.get("facts")));
        facts.put("markPrices", Map.of("BTCUSDT", isolated));
        atCall.put("facts", facts);
        // the after of a removal of 100 is what the curve plots: at its margin-call price, ratio 0.8
        assertEquals("0.80000000", stateless(atCall).getString("preview.after.riskRatio"));

        Map<String, Object> leverage = Map.of("action", "ADJUST_LEVERAGE", "params", Map.of("symbol", "BTCUSDT", "leverage", "10"),
                "facts", crossFacts("20000"));
        JsonPath answer = whatIf("auditor", leverage);
        String cross = answer.getString("curve.marginCallPrice");
        assertNotNull(cross);
        assertEquals(stateless(leverage).getString("preview.after.liquidationPrice"),
                answer.getString("preview.after.liquidationPrice"));
        Map<String, Object> atCrossCall = Map.of("action", "ADJUST_LEVERAGE", "params", Map.of("symbol", "BTCUSDT", "leverage", "10"),
                "facts", crossFacts(cross));
        assertEquals("0.80000000", stateless(atCrossCall).getString("preview.before.riskRatio"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    @Test
    void input_it_cannot_read_is_a_400_problem_naming_the_field() {
        as("officer").body("{\"action\":\"REMOVE_MARGIN\",\"params\":{\"symbol\":\"BTCUSDT\",\"amount\":\"lots\"}}")
                .post("/console/what-if/decision").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("params.amount"));
        Map<String, Object> unknown = new HashMap<>(removal("what-if-bad", "1"));
        unknown.put("params", Map.of("symbol", "DOGEUSDT", "amount", "1"));
        as("officer").body(unknown).post("/console/what-if/decision").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("params.symbol"));
        as("officer").body(Map.of("action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", "1")))
                .post("/console/what-if/decision").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("facts"));
    }

    @Test
    void auditors_ask_it_and_platform_users_are_refused() {
        whatIf("auditor", removal("what-if-auditor", "900"));
        as("platform").body(removal("what-if-platform", "900")).post("/console/what-if/decision").then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
        as("platform").get("/console/what-if").then().statusCode(403);
    }

    @Test
    void a_what_if_is_not_logged() {
        String accountId = "what-if-" + UUID.randomUUID().toString().substring(0, 8);
        whatIf("officer", removal(accountId, "921"));
        whatIf("officer", removal(accountId, "900"));
        // a real stateless decision is logged behind its answer; once it is there, a what-if asked
        // before it would be too
        stateless(removal(accountId, "921"));
        int logged = Await.until(() -> as("auditor").queryParam("accountId", accountId).get("/v1/decisions")
                .jsonPath().getList("decisions").size(), n -> n > 0, Duration.ofSeconds(5));
        assertEquals(1, logged);
    }

    @Test
    void the_page_plots_an_entered_position_and_names_a_field_it_cannot_read() {
        as("auditor").get("/console/what-if").then().statusCode(200)
                .body(containsString("id=\"plot\"")).body(containsString("data-what-if="));
        as("auditor").queryParam("symbol", "BTCUSDT").queryParam("side", "SHORT").queryParam("quantity", "0.5")
                .queryParam("entryPrice", "60000").queryParam("leverage", "20").queryParam("mode", "ISOLATED")
                .queryParam("isolatedMargin", "3000").queryParam("balance", "0").queryParam("markPrice", "60000")
                .get("/console/what-if").then().statusCode(200)
                // E2 of docs/margin-policy.md §5
                .body(containsString("<td id=\"figure-liquidation-price\">65737.05179283</td>"));
        String page = as("auditor").queryParam("symbol", "BTCUSDT").queryParam("side", "SIDEWAYS").queryParam("quantity", "lots")
                .queryParam("entryPrice", "60000").queryParam("leverage", "20").queryParam("mode", "ISOLATED")
                .queryParam("isolatedMargin", "-5").queryParam("balance", "0").queryParam("markPrice", "60000")
                .get("/console/what-if").then().statusCode(200).body(containsString("role=\"alert\"")).extract().asString();
        assertTrue(page.contains("side: &#39;SIDEWAYS&#39; is none of [LONG, SHORT]") || page.contains("side: 'SIDEWAYS' is none"), page);
        assertTrue(page.contains("quantity: &#39;lots&#39; is not a decimal number") || page.contains("quantity: 'lots' is not"), page);
    }

    @Test
    void the_page_loads_an_accounts_position_from_the_ledger_and_an_unknown_account_is_404() {
        String accountId = "what-if-" + UUID.randomUUID().toString().substring(0, 8);
        as("platform").body(Map.of("accountId", accountId, "balances", Map.of("USDT", "5000"))).post("/v1/accounts")
                .then().statusCode(201);
        as("platform").body(Map.of("mode", "ISOLATED")).put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT")
                .then().statusCode(200);
        String liquidation = as("platform").body(Map.of("symbol", "ETHUSDT", "side", "LONG", "quantity", "3", "price", "2000",
                        "leverage", "10"))
                .post("/v1/accounts/" + accountId + "/positions").then().statusCode(201)
                .body("position.liquidationPrice", notNullValue()).extract().path("position.liquidationPrice");
        as("auditor").queryParam("accountId", accountId).queryParam("symbol", "ETHUSDT").get("/console/what-if").then()
                .statusCode(200)
                .body(containsString("<td id=\"figure-liquidation-price\">" + liquidation + "</td>"))
                .body(containsString("id=\"remove-margin\""));
        as("auditor").queryParam("accountId", "nobody-" + accountId).queryParam("symbol", "ETHUSDT").get("/console/what-if")
                .then().statusCode(404).body(containsString("role=\"alert\""));
        as("auditor").queryParam("accountId", accountId).queryParam("symbol", "BTCUSDT").get("/console/what-if")
                .then().statusCode(404).body(containsString("holds no position"));
    }

    @Test
    void the_page_says_a_cross_position_has_no_margin_sliders() {
        as("auditor").queryParam("symbol", "BTCUSDT").queryParam("side", "LONG").queryParam("quantity", "1")
                .queryParam("entryPrice", "20000").queryParam("leverage", "20").queryParam("mode", "CROSS")
                .queryParam("isolatedMargin", "").queryParam("balance", "2000").queryParam("markPrice", "20000")
                .get("/console/what-if").then().statusCode(200)
                .body(containsString("isolated position only"))
                .body(containsString("id=\"leverage\""));
    }
}
