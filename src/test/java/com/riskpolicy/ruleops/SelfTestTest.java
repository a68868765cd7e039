package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.liquidation.TickPlan;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import com.riskpolicy.rules.ShippedRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The self-test a candidate passes before it is activated: sample decisions and a sample tick. */
class SelfTestTest {

    private static final RuleFiles SHIPPED = RuleFiles.read(ShippedRules.FOLDER);

    private static List<RuleError> selfTest(String file, String from, String to) {
        Map<String, String> files = new HashMap<>(SHIPPED.contents());
        assertTrue(files.get(file).contains(from), () -> file + " no longer contains: " + from);
        files.put(file, files.get(file).replace(from, to));
        // the self-test's own errors: what the policy examples find is PolicyExamplesTest's
        return SelfTest.compileAndRelease(() -> new RuleSetCompiler(1, 1000).compile(RuleFiles.of(files))).errors().stream()
                .filter(error -> !RuleFiles.isExample(error.file()))
                .toList();
    }

    @Test
    void the_shipped_rules_pass() {
        assertEquals(List.of(), SelfTest.compileAndRelease(() -> new RuleSetCompiler(1, 1000).compile(SHIPPED)).errors());
    }

    @Test
    void the_sample_tick_carries_out_every_verdict_the_liquidation_rules_give() {
        RuleSet shipped = ShippedRules.active();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            TickPlan plan = SelfTest.sampleTick(shipped, shipped.catalog().requireContract(symbol));
            Map<LiquidationType, Set<String>> accounts = plan.events().stream().collect(Collectors.groupingBy(
                    LiquidationEvent::type, Collectors.mapping(LiquidationEvent::accountId, Collectors.toSet())));
            assertEquals(Map.of(
                    LiquidationType.ISOLATED_LIQUIDATION, Set.of("self-test-liquidated", "self-test-bankrupt"),
                    LiquidationType.ADL, Set.of("self-test-counterparty"),
                    LiquidationType.MARGIN_CALL, Set.of("self-test-margin-call", "self-test-cross-margin-call"),
                    LiquidationType.ACCOUNT_LIQUIDATION, Set.of("self-test-cross-liquidated")), accounts, symbol);
        }
    }

    @Test
    void a_liquidation_rule_whose_verdict_the_planner_cannot_carry_out_is_refused() {
        // Deciding alone, the rules give their verdict without a fault; carrying it out breaks every tick.
        List<RuleError> errors = selfTest("liquidation.drl",
                "insert(new LiquidationVerdict(LiquidationType.MARGIN_CALL,", "insert(new LiquidationVerdict(LiquidationType.ADL,");
        assertEquals(2, errors.size(), errors::toString);
        assertEquals("(liquidation rules)", errors.get(0).file());
        assertEquals("a sample mark-price tick of BTCUSDT fails: rule 'A risk ratio at the margin-call threshold raises a"
                + " margin call once' asked for ADL: ADL follows from a deficit, not from a rule", errors.get(0).message());
    }

    @Test
    void a_liquidation_rule_that_throws_is_refused_at_its_line() {
        List<RuleError> errors = selfTest("liquidation.drl",
                "insert(new LiquidationVerdict(LiquidationType.ACCOUNT_LIQUIDATION,",
                "if (true) { throw new IllegalStateException(\"boom\"); }\n    insert(new LiquidationVerdict(LiquidationType.ACCOUNT_LIQUIDATION,");
        RuleError error = errors.get(0);
        assertEquals("liquidation.drl", error.file());
        assertEquals(28, error.line(), errors::toString);
        assertTrue(error.message().startsWith("rule 'In cross margin mode all cross positions are liquidated when the account"
                + " risk ratio reaches 100 %' fails on a sample mark-price tick of BTCUSDT"), error.message());
        assertTrue(error.message().contains("boom"), error.message());
    }
}
