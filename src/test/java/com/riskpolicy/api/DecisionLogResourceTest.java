package com.riskpolicy.api;

import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.decisionlog.DecisionLogStore;
import com.riskpolicy.decisionlog.LogRow;
import com.riskpolicy.decisionlog.LoggedDecision;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.rules.RuleEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision log: every check, stateless decision and ledger action, with its input facts, listed
 * newest first by account, action, outcome, source and time. Tests share one database, so every
 * assertion filters by an account of its own.
 */
@QuarkusTest
class DecisionLogResourceTest {

    @Inject
    DecisionLog log;
    @Inject
    DecisionLogStore store;
    @Inject
    RuleEngine engine;

    /** Entries are written in the background; wait for what was decided so far. */
    private void written() {
        assertTrue(log.flush(Duration.ofSeconds(10)), "the decision log did not catch up within 10 s");
    }

    private static JsonPath entries(String query) {
        return given().get("/v1/decisions?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void a_check_is_logged_with_the_account_it_was_decided_on() {
        String accountId = createAccount("log-chk", Map.of("USDT", "5000"));
        String decisionId = post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                "mode", "ISOLATED")).then().statusCode(200).extract().path("decisionId");
        written();

        given().get("/v1/decisions?accountId=" + accountId).then().statusCode(200)
                .body("decisions.size()", equalTo(1))
                .body("decisions[0].decisionId", equalTo(decisionId))
                .body("decisions[0].source", equalTo("CHECK"))
                .body("decisions[0].action", equalTo("SWITCH_MARGIN_MODE"))
                .body("decisions[0].decision", equalTo("ALLOW"))
                .body("decisions[0].symbol", equalTo("BTCUSDT"))
                .body("decisions[0].caller", equalTo("platform"))
                .body("decisions[0].ruleSetRevision", startsWith("sha256:"))
                .body("decisions[0].firedRules", notNullValue())
                .body("decisions[0].latencyNanos", greaterThan(0))
                .body("decisions[0].at", notNullValue())
                .body("decisions[0].input", nullValue())
                .body("nextCursor", nullValue());

        JsonPath entry = given().get("/v1/decisions/" + decisionId).then().statusCode(200).extract().jsonPath();
        assertEquals(accountId, entry.getString("input.account.accountId"));
        assertEquals(0, new BigDecimal("5000").compareTo(new BigDecimal(entry.getString("input.account.balances.USDT"))));
        assertEquals("SWITCH_MARGIN_MODE", entry.getString("input.request.action"));
        assertEquals("ISOLATED", entry.getString("input.request.mode"));
        assertEquals("BTCUSDT", entry.getString("input.request.symbol"));
        assertTrue(entry.getMap("input.account.markPrices") != null, "the mark prices the decision used");
        assertEquals("ALLOW", entry.getString("decision"));
        assertEquals("CHECK", entry.getString("source"));
    }

    @Test
    void a_stateless_decision_is_logged_with_the_facts_the_caller_sent() {
        String accountId = Api.uniqueAccount("log-stateless");
        String decisionId = post("/v1/decisions", Api.e4(accountId)).then().statusCode(200)
                .body("decision", equalTo("ALLOW")).extract().path("decisionId");
        written();

        given().get("/v1/decisions/" + decisionId).then().statusCode(200)
                .body("source", equalTo("STATELESS"))
                .body("accountId", equalTo(accountId))
                .body("action", equalTo("REMOVE_MARGIN"))
                .body("decision", equalTo("ALLOW"))
                .body("preview.after.isolatedMargin", equalTo("100.00000000"))
                .body("input.account.positions[0].isolatedMargin", equalTo("1000"))
                .body("input.account.positions[0].entryPrice", equalTo("20000"))
                .body("input.account.markPrices.BTCUSDT", equalTo("20000"))
                .body("input.account.marginModes.BTCUSDT", equalTo("ISOLATED"))
                .body("input.request.amount", equalTo("900"));
    }

    @Test
    void ledger_actions_are_logged_whether_allowed_or_denied() {
        String accountId = createAccount("log-ledger", Map.of("USDT", "500"));
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        String denied = post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                "quantity", "0.1", "price", "60000", "leverage", "10")).then().statusCode(422)
                .extract().path("decision.decisionId");
        written();

        JsonPath page = entries("accountId=" + accountId);
        assertEquals(2, page.getList("decisions").size());
        assertEquals(denied, page.getString("decisions[0].decisionId"));
        assertEquals("LEDGER", page.getString("decisions[0].source"));
        assertEquals("OPEN_POSITION", page.getString("decisions[0].action"));
        assertEquals("DENY", page.getString("decisions[0].decision"));
        assertEquals("INSUFFICIENT_CROSS_BALANCE", page.getString("decisions[0].violations[0].code"));
        assertEquals("LEDGER", page.getString("decisions[1].source"));
        assertEquals("SWITCH_MARGIN_MODE", page.getString("decisions[1].action"));
        assertEquals("ALLOW", page.getString("decisions[1].decision"));

        // the denied opening was decided on the account after the switch: isolated, nothing held yet
        given().get("/v1/decisions/" + denied).then().statusCode(200)
                .body("input.account.marginModes.BTCUSDT", equalTo("ISOLATED"))
                .body("input.account.positions.size()", equalTo(0))
                .body("input.request.side", equalTo("LONG"))
                .body("input.request.quantity", equalTo("0.1"));
    }

    @Test
    void the_log_is_filtered_by_action_outcome_source_and_time() {
        String accountId = createAccount("log-filter", Map.of("USDT", "500"));
        String account = "accountId=" + accountId;
        post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "ETHUSDT", "mode", "ISOLATED"))
                .then().statusCode(200).body("decision", equalTo("ALLOW"));
        post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "ETHUSDT", "side", "LONG",
                "quantity", "10", "price", "3000", "leverage", "10")).then().statusCode(200).body("decision", equalTo("DENY"));
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        written();

        assertEquals(3, entries(account).getList("decisions").size());
        assertEquals(2, entries(account + "&action=SWITCH_MARGIN_MODE").getList("decisions").size());
        assertEquals(1, entries(account + "&action=open-position").getList("decisions").size());
        assertEquals(1, entries(account + "&decision=DENY").getList("decisions").size());
        assertEquals(2, entries(account + "&decision=ALLOW").getList("decisions").size());
        assertEquals(1, entries(account + "&source=LEDGER").getList("decisions").size());
        assertEquals(1, entries(account + "&source=CHECK&decision=ALLOW&action=SWITCH_MARGIN_MODE").getList("decisions").size());

        List<String> times = entries(account).getList("decisions.at");
        String newest = times.get(0);
        String oldest = times.get(2);
        assertEquals(1, entries(account + "&from=" + newest).getList("decisions").size(), "from is inclusive");
        assertEquals(2, entries(account + "&to=" + newest).getList("decisions").size(), "to is exclusive");
        assertEquals(3, entries(account + "&from=" + oldest + "&to=" + Instant.parse(newest).plusSeconds(1))
                .getList("decisions").size());
        assertEquals(0, entries(account + "&from=" + Instant.parse(newest).plusSeconds(1)).getList("decisions").size());
    }

    @Test
    void the_log_pages_newest_first_with_a_cursor() {
        String accountId = createAccount("log-page", Map.of("USDT", "5000"));
        List<String> made = new ArrayList<>();
        for (String leverage : List.of("2", "3", "4", "5", "6")) {
            made.add(0, post("/v1/checks/adjust-leverage", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                    "leverage", leverage)).then().statusCode(200).extract().path("decisionId"));
        }
        written();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = entries("accountId=" + accountId + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("decisions.decisionId"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(made, seen);
    }

    @Test
    void bad_parameters_are_a_bad_request_naming_the_parameter() {
        for (String[] bad : new String[][] {
                {"action=FLY", "action"}, {"decision=MAYBE", "decision"}, {"source=CRON", "source"},
                {"from=yesterday", "from"}, {"to=2026-13-01T00:00:00Z", "to"},
                {"from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z", "to"},
                {"limit=0", "limit"}, {"limit=1001", "limit"}, {"limit=ten", "limit"},
                {"cursor=abc", "cursor"}, {"cursor=-5", "cursor"}}) {
            given().get("/v1/decisions?" + bad[0]).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]));
        }
        given().get("/v1/decisions?limit=1000").then().statusCode(200);
    }

    @Test
    void an_unknown_decision_is_not_found() {
        given().get("/v1/decisions/00000000-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void entries_older_than_the_retention_are_purged() {
        String accountId = Api.uniqueAccount("log-retention");
        AccountSnapshot account = new AccountSnapshot(accountId, Map.of("USDT", new BigDecimal("100")), Map.of(),
                Map.of(), List.of(), List.of(), Map.of());
        ActionRequest request = new ActionRequest.SwitchMarginMode("BTCUSDT", MarginMode.ISOLATED);
        LoggedDecision old = logged(account, request, Instant.now().minus(Duration.ofDays(31)));
        LoggedDecision recent = logged(account, request, Instant.now().minus(Duration.ofDays(29)));
        store.write(List.of(log.row(old), log.row(recent)));
        given().get("/v1/decisions/" + old.decision().decisionId()).then().statusCode(200);

        log.purge();

        given().get("/v1/decisions/" + old.decision().decisionId()).then().statusCode(404);
        given().get("/v1/decisions/" + recent.decision().decisionId()).then().statusCode(200);
        assertEquals(List.of(recent.decision().decisionId()), entries("accountId=" + accountId).getList("decisions.decisionId"));
    }

    @Test
    void facts_of_thousands_of_orders_are_kept_whole() {
        String accountId = Api.uniqueAccount("log-large");
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 9_000; i++) {
            orders.add(new Order("order-" + i, "ETHUSDT", OrderSide.BUY, new BigDecimal("0.001"), new BigDecimal("2000"),
                    new BigDecimal("10"), MarginMode.CROSS));
        }
        AccountSnapshot account = new AccountSnapshot(accountId, Map.of("USDT", new BigDecimal("100000")), Map.of(),
                Map.of(), List.of(), orders, Map.of("ETHUSDT", new BigDecimal("2000")));
        LoggedDecision large = logged(account, new ActionRequest.SwitchMarginMode("ETHUSDT", MarginMode.ISOLATED),
                Instant.now());
        assertTrue(DecisionLogJson.input(large).length() > 1_000_000, "over a megabyte of facts");
        store.write(List.of(log.row(large)));

        given().get("/v1/decisions/" + large.decision().decisionId()).then().statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("violations[0].code", equalTo("OPEN_ORDERS_EXIST"))
                .body("input.account.orders.size()", equalTo(9_000))
                .body("input.account.orders[8999].orderId", equalTo("order-8999"));
        assertEquals(List.of(large.decision().decisionId()), entries("accountId=" + accountId).getList("decisions.decisionId"));
    }

    private LoggedDecision logged(AccountSnapshot account, ActionRequest request, Instant at) {
        Decision decided = PolicyService.decideWith(engine.active(), account, request).decision();
        Decision then = new Decision(decided.decisionId(), decided.action(), decided.decision(), decided.violations(),
                decided.warnings(), decided.preview(), decided.ruleSetRevision(), decided.firedRules(), at);
        return new LoggedDecision(DecisionSource.CHECK, account, request, then, 1_000, "anonymous");
    }

    @Test
    void the_log_reports_its_queue_writes_and_their_latency() {
        String accountId = createAccount("log-metrics", Map.of("USDT", "1"));
        post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "BTCUSDT", "mode", "ISOLATED"))
                .then().statusCode(200);
        written();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("policy_decision_log_queue_depth"))
                .body(containsString("policy_decision_log_written_total"))
                .body(containsString("policy_decision_log_write_seconds_count"))
                .body(containsString("policy_decision_log_refused_total"));
    }

    @Test
    void the_list_view_carries_no_input_facts() {
        String accountId = Api.uniqueAccount("log-list");
        post("/v1/decisions", Api.e4(accountId)).then().statusCode(200);
        written();
        JsonPath page = entries("accountId=" + accountId);
        assertNull(page.get("decisions[0].input"));
        assertNull(page.get("decisions[0].preview"));
        given().get("/v1/decisions?accountId=" + accountId).then().body("decisions.source", hasItem("STATELESS"));
    }
}
