package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.rules.ShippedRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The row a deciding thread makes of its decision before queueing it. */
class LogRowTest {

    private static LoggedDecision logged(ActionRequest request, String caller) {
        Decision decision = PolicyService.decideWith(ShippedRules.active(), DecisionLogJsonTest.account(), request)
                .decision();
        return new LoggedDecision(DecisionSource.CHECK, DecisionLogJsonTest.account(), request, decision, 4321, caller);
    }

    @Test
    void the_row_holds_the_columns_and_both_documents_as_the_log_writes_them() {
        LoggedDecision logged = logged(DecisionLogJsonTest.REQUESTS.get(5), "risk-officer");
        Decision decision = logged.decision();

        LogRow row = LogRow.of(logged, new Deflated(1));

        assertEquals(decision.decisionId(), row.decisionId());
        assertEquals("CHECK", row.source());
        assertEquals(decision.action().name(), row.action());
        assertEquals("json-acc", row.accountId());
        assertEquals("BTCUSDT", row.symbol());
        assertEquals(decision.decision().name(), row.outcome());
        assertEquals(String.join("\n", decision.firedRules()), row.firedRules());
        assertEquals(decision.ruleSetRevision(), row.revision());
        assertEquals(4321, row.latencyNanos());
        assertEquals("risk-officer", row.caller());
        assertEquals(DecisionLogJson.input(logged), Deflated.inflate(row.input()));
        assertEquals(DecisionLogJson.decision(decision), Deflated.inflate(row.decision()));
    }

    @Test
    void an_entry_in_full_is_one_json_document_with_both_documents_in_it() {
        LoggedDecision logged = logged(DecisionLogJsonTest.REQUESTS.get(1), "platform");

        JsonNode full = DecisionLogJson.tree(LogRow.of(logged, new Deflated(1)).inFull());

        assertEquals(logged.decision().decisionId(), full.get("decisionId").asText());
        assertEquals("platform", full.get("caller").asText());
        assertEquals(4321, full.get("latencyNanos").asLong());
        assertEquals(DecisionLogJson.tree(DecisionLogJson.input(logged)), full.get("input"));
        assertEquals(DecisionLogJson.tree(DecisionLogJson.decision(logged.decision())), full.get("decision"));
    }

    @Test
    void rows_made_on_many_threads_at_once_each_keep_their_own_documents() throws Exception {
        List<LoggedDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            decisions.add(logged(DecisionLogJsonTest.REQUESTS.get(i % DecisionLogJsonTest.REQUESTS.size()), "caller-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> mismatches = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                mismatches.add(threads.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (LoggedDecision logged : decisions) {
                            LogRow row = LogRow.of(logged, new Deflated(1));
                            if (!Deflated.inflate(row.input()).equals(DecisionLogJson.input(logged))
                                    || !Deflated.inflate(row.decision()).equals(DecisionLogJson.decision(logged.decision()))) {
                                wrong.add(logged.caller());
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> thread : mismatches) {
                assertTrue(thread.get().isEmpty(), "documents mixed up between threads: " + thread.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
