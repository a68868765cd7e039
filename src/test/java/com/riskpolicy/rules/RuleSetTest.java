package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.fact.ModeSwitch;
import com.riskpolicy.domain.fact.Violation;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Evaluating a compiled rule set: isolation between evaluations, fail-closed on broken rules. */
class RuleSetTest {

    private static final String FAULTY = """
            package policy.faulty;
            import com.riskpolicy.domain.fact.ModeSwitch;
            import com.riskpolicy.domain.fact.Warning;

            rule "A rule that throws"
            when
                ModeSwitch( symbol == "ETHUSDT" )
            then
                throw new IllegalStateException("boom");
            end

            rule "A rule that never stops"
            when
                ModeSwitch( symbol == "LOOP" )
                $w : Warning( code == "LOOP" ) or ModeSwitch( symbol == "LOOP" )
            then
                insert(new Warning("LOOP", "again", "again"));
            end
            """;

    private static ModeSwitch switchWithPosition(String symbol) {
        return new ModeSwitch("acc", symbol, MarginMode.CROSS, MarginMode.ISOLATED, BigDecimal.ONE, 0);
    }

    private static RuleSet faultyRules() throws RuleCompilationException {
        Map<String, String> files = new HashMap<>(RuleFiles.read(ShippedRules.FOLDER).contents());
        files.put("faulty.drl", FAULTY);
        return new RuleSetCompiler(1, 50).compile(RuleFiles.of(files));
    }

    @Test
    void each_evaluation_sees_only_its_own_facts() {
        RuleSet rules = ShippedRules.active();
        assertFalse(rules.evaluate(List.of(switchWithPosition("BTCUSDT"))).allowed());
        Evaluation clean = rules.evaluate(List.of(new ModeSwitch("acc", "BTCUSDT", MarginMode.CROSS, MarginMode.ISOLATED,
                BigDecimal.ZERO, 0)));
        assertTrue(clean.allowed(), clean::toString);
        assertTrue(clean.firedRules().isEmpty());
    }

    @Test
    void a_rule_that_throws_denies_with_rule_evaluation_error_and_names_the_rule() throws Exception {
        Evaluation evaluation = faultyRules().evaluate(List.of(switchWithPosition("ETHUSDT")));
        assertFalse(evaluation.allowed());
        Violation violation = evaluation.violations().get(0);
        assertEquals(RuleSet.RULE_EVALUATION_ERROR, violation.code());
        assertEquals("A rule that throws", violation.rule());
    }

    @Test
    void a_rule_that_keeps_firing_is_stopped_by_the_fire_limit_and_denies() throws Exception {
        Evaluation evaluation = faultyRules().evaluate(List.of(switchWithPosition("LOOP")));
        assertEquals(List.of(RuleSet.RULE_EVALUATION_ERROR), evaluation.violations().stream().map(Violation::code).toList());
        assertEquals("A rule that never stops", evaluation.violations().get(0).rule());
    }

    @Test
    void once_active_every_failure_is_reported_with_its_rule_and_a_candidate_reports_none() throws Exception {
        List<String> reported = new ArrayList<>();
        RuleEngine engine = new RuleEngine(null, ShippedRules.FOLDER, (rule, cause) -> reported.add(cause + " " + rule));
        RuleSet rules = faultyRules();
        rules.evaluate(List.of(switchWithPosition("ETHUSDT")));
        assertEquals(List.of(), reported, "not active yet: a self-test's failures are not the live rules'");

        engine.activate(rules);
        rules.evaluate(List.of(switchWithPosition("ETHUSDT")));
        rules.evaluate(List.of(switchWithPosition("LOOP")));
        rules.evaluate(List.of(switchWithPosition("BTCUSDT")));
        assertEquals(List.of("EXCEPTION A rule that throws", "FIRE_LIMIT A rule that never stops"), reported);
    }

    @Test
    void the_rule_set_stays_usable_after_a_failure() throws Exception {
        RuleSet rules = faultyRules();
        rules.evaluate(List.of(switchWithPosition("ETHUSDT")));
        rules.evaluate(List.of(switchWithPosition("LOOP")));
        Evaluation next = rules.evaluate(List.of(switchWithPosition("BTCUSDT")));
        assertEquals(List.of("OPEN_POSITION_EXISTS"), next.violations().stream().map(Violation::code).toList());
    }

    @Test
    void concurrent_evaluations_do_not_see_each_others_facts() throws Exception {
        RuleSet rules = ShippedRules.active();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                boolean blocked = i % 2 == 0;
                ModeSwitch fact = new ModeSwitch("acc-" + i, "BTCUSDT", MarginMode.CROSS, MarginMode.ISOLATED,
                        blocked ? BigDecimal.ONE : BigDecimal.ZERO, 0);
                results.add(pool.submit(() -> rules.evaluate(List.of(fact)).allowed() != blocked));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
