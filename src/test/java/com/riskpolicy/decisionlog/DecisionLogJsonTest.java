package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Display;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The log keeps input facts and decisions so that they read back exactly as the rules saw them. */
class DecisionLogJsonTest {

    static AccountSnapshot account() {
        return new AccountSnapshot("json-acc",
                Map.of("USDT", new BigDecimal("5000.50000000"), "BTC", new BigDecimal("0.25")),
                Map.of("BTCUSDT", MarginMode.ISOLATED, "ETHUSDT", MarginMode.CROSS),
                Map.of("BTCUSDT", new BigDecimal("20"), "ETHUSDT", new BigDecimal("10")),
                List.of(new Position("BTCUSDT", PositionSide.LONG, new BigDecimal("1"), new BigDecimal("20000"),
                                new BigDecimal("20"), MarginMode.ISOLATED, new BigDecimal("1000")),
                        new Position("ETHUSDT", PositionSide.SHORT, new BigDecimal("2.5"), new BigDecimal("3000.25"),
                                new BigDecimal("10"), MarginMode.CROSS, BigDecimal.ZERO)),
                List.of(new Order("order-1", "ETHUSDT", OrderSide.SELL, new BigDecimal("0.1"), new BigDecimal("3100"),
                        new BigDecimal("10"), MarginMode.CROSS)),
                Map.of("BTCUSDT", new BigDecimal("20000"), "ETHUSDT", new BigDecimal("2999.123456789012345678")));
    }

    static final List<ActionRequest> REQUESTS = List.of(
            new ActionRequest.SwitchMarginMode("BTCUSDT", MarginMode.CROSS),
            new ActionRequest.OpenPosition(Action.OPEN_POSITION, "BTCUSDT", PositionSide.LONG, new BigDecimal("0.5"),
                    new BigDecimal("20100.5"), null),
            new ActionRequest.OpenPosition(Action.PLACE_ORDER, "ETHUSDT", PositionSide.SHORT, new BigDecimal("1"),
                    new BigDecimal("3050"), new BigDecimal("10")),
            new ActionRequest.AdjustLeverage("ETHUSDT", new BigDecimal("5")),
            new ActionRequest.AdjustMargin(Action.ADD_MARGIN, "BTCUSDT", new BigDecimal("100"), "USDT"),
            new ActionRequest.AdjustMargin(Action.REMOVE_MARGIN, "BTCUSDT", new BigDecimal("900"), null));

    @Test
    void input_facts_of_every_action_read_back_equal_to_what_was_decided_on() {
        for (ActionRequest request : REQUESTS) {
            Decision decision = PolicyService.decideWith(ShippedRules.active(), account(), request).decision();
            LoggedDecision logged = new LoggedDecision(DecisionSource.CHECK, account(), request, decision, 1234, "anonymous");
            LoggedInput input = DecisionLogJson.readInput(DecisionLogJson.input(logged));
            assertEquals(account(), input.account(), request.toString());
            assertEquals(request, input.actionRequest());
        }
    }

    @Test
    void decimals_are_stored_as_plain_strings_at_full_precision() {
        LoggedDecision logged = new LoggedDecision(DecisionSource.STATELESS, account(), REQUESTS.get(5),
                PolicyService.decideWith(ShippedRules.active(), account(), REQUESTS.get(5)).decision(), 1, "anonymous");
        String json = DecisionLogJson.input(logged);
        assertTrue(json.contains("\"ETHUSDT\":\"2999.123456789012345678\""), json);
        assertTrue(json.contains("\"USDT\":\"5000.50000000\""), json);
        assertTrue(json.contains("\"request\":{\"action\":\"REMOVE_MARGIN\",\"symbol\":\"BTCUSDT\",\"amount\":\"900\"}"), json);
        assertFalse(json.contains("E+"), json);
        assertFalse(json.contains("\"isolated\""), json);
    }

    @Test
    void a_decision_written_again_on_the_same_thread_is_the_same_document_not_a_new_one() throws Exception {
        Decision decision = PolicyService.decideWith(ShippedRules.active(), account(), REQUESTS.get(5)).decision();
        Decision other = PolicyService.decideWith(ShippedRules.active(), account(), REQUESTS.get(1)).decision();

        String first = DecisionLogJson.decision(decision);

        assertSame(first, DecisionLogJson.decision(decision));
        String onAnotherThread = CompletableFuture.supplyAsync(() -> DecisionLogJson.decision(decision)).get();
        assertNotSame(first, onAnotherThread);
        assertEquals(first, onAnotherThread);
        assertEquals(other.decisionId(), DecisionLogJson.tree(DecisionLogJson.decision(other)).get("decisionId").asText());
        assertNotSame(first, DecisionLogJson.decision(decision));
        assertEquals(first, DecisionLogJson.decision(decision));
    }

    @Test
    void a_decision_reads_back_whole_as_the_service_answered_it() {
        Decision decision = PolicyService.decideWith(ShippedRules.active(), account(), REQUESTS.get(5)).decision();
        String json = DecisionLogJson.decision(decision);
        DecisionView read = DecisionLogJson.readDecision(json);
        assertEquals(DecisionView.of(decision), read);
        assertEquals(decision.decisionId(), read.decisionId());
        assertEquals(decision.evaluatedAt(), read.evaluatedAt());
        assertEquals(decision.violations(), read.violations());
        assertEquals(Display.money(decision.preview().after().riskRatio()), read.preview().after().riskRatio());
        assertEquals(Display.plain(decision.preview().after().quantity()), read.preview().after().quantity());
    }

    /**
     * Rows the log wrote before the decision had one shape, made by the streaming writer it had
     * then (commit 5398030) for the accounts of this test, a ledger account holding quantities and
     * leverages at the ledger's scale and an empty one: each with the input and decision documents
     * it stored and the decision as the service answered it ({@code answered}).
     */
    @Test
    void rows_of_the_earlier_streaming_writer_read_back_as_the_service_answered_them() throws IOException {
        JsonNode rows = DecisionLogJson.tree(new String(getClass().getResourceAsStream(
                "/decisionlog/rows-of-the-streaming-writer.json").readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(24, rows.size());
        for (JsonNode row : rows) {
            String stored = row.get("decision").asText();
            DecisionView read = DecisionLogJson.readDecision(stored);
            // outcome, codes, rule-set revision and preview, as answered
            assertEquals(row.get("answered").asText(), DecisionLogJson.write(read), stored);

            String input = row.get("input").asText();
            LoggedInput facts = DecisionLogJson.readInput(input);
            assertEquals(DecisionLogJson.tree(input), DecisionLogJson.tree(DecisionLogJson.write(facts)),
                    "the input facts read back whole, every decimal as it was");
            // impact analysis decides them again, on whatever rules are candidates now
            Decision again = PolicyService.decideWith(ShippedRules.active(), facts.account(), facts.actionRequest()).decision();
            assertEquals(read.action(), again.action(), input);
        }
    }

    @Test
    void replaying_the_logged_input_decides_the_same() {
        for (ActionRequest request : REQUESTS) {
            Decision decision = PolicyService.decideWith(ShippedRules.active(), account(), request).decision();
            LoggedInput input = DecisionLogJson.readInput(DecisionLogJson.input(
                    new LoggedDecision(DecisionSource.LEDGER, account(), request, decision, 1, "anonymous")));
            Decision again = PolicyService.decideWith(ShippedRules.active(), input.account(), input.actionRequest()).decision();
            assertEquals(decision.decision(), again.decision(), request.toString());
            assertEquals(decision.violations(), again.violations());
            assertEquals(decision.warnings(), again.warnings());
            assertEquals(decision.firedRules(), again.firedRules());
        }
    }
}
