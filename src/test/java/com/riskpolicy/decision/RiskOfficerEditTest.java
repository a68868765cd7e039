package com.riskpolicy.decision;

import static com.riskpolicy.decision.Fixtures.account;
import static com.riskpolicy.decision.Fixtures.d;
import static com.riskpolicy.decision.PolicyAssertions.assertAllowed;
import static com.riskpolicy.decision.PolicyAssertions.assertOnlyViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest.AdjustMargin;
import com.riskpolicy.domain.ActionRequest.AdjustLeverage;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.ShippedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Risk officers change policy by editing files in rules/ alone: the same Java decides differently
 * on an edited copy of the shipped folder.
 */
class RiskOfficerEditTest {

    @TempDir
    Path folder;

    private RuleEngine editedRules(String file, String from, String to) throws IOException {
        ShippedRules.copyTo(folder);
        Path edited = folder.resolve(file);
        String text = Files.readString(edited);
        if (!text.contains(from)) {
            throw new AssertionError(file + " no longer contains: " + from);
        }
        Files.writeString(edited, text.replace(from, to));
        return ShippedRules.engine(folder);
    }

    /** E4: isolated LONG 1 @ 20,000 with 20x, iM 1,000: MM 80, initial margin 1,000. */
    private static AccountSnapshot e4() {
        return account().balance("USDT", "0")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
    }

    /** The rule the README's example puts in place of the shipped removal rule, as the README shows it. */
    private static String readmeRule() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Example: removals must keep the *initial* margin covered");
        int start = readme.indexOf("```drl\n", section) + "```drl\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void the_readmes_stricter_removal_rule_flips_e4_to_deny_with_its_own_message() throws IOException {
        AdjustMargin removeNineHundred = new AdjustMargin(Action.REMOVE_MARGIN, "BTCUSDT", d("900"), null);
        assertAllowed(new PolicyService(ShippedRules.engine(), DecisionObserver.NONE).decide(e4(), removeNineHundred).decision());

        String shipped = Files.readString(ShippedRules.FOLDER.resolve("isolated-margin.drl"));
        String removalRule = shipped.substring(shipped.indexOf("rule \"Removing margin must leave the maintenance margin covered\""));
        assertTrue(removalRule.strip().endsWith("end"), "the removal rule is the last in the file");
        RuleEngine stricter = editedRules("isolated-margin.drl", removalRule, readmeRule());
        Decision decision = new PolicyService(stricter, DecisionObserver.NONE).decide(e4(), removeNineHundred).decision();
        assertOnlyViolation(decision, "MAINTENANCE_MARGIN_BREACH", "Removing margin must leave the initial margin covered");
        assertEquals("After removing 900.00000000 the margin balance would be 100.00000000, below the initial margin of"
                + " 1000.00000000.", decision.violations().get(0).message());
        assertNotEquals(ShippedRules.active().revision(), decision.ruleSetRevision());
    }

    @Test
    void lowering_the_caution_threshold_in_the_parameters_table_adds_the_warning() throws IOException {
        // account risk ratio 80 / 1,000 = 0.08: no caution at the shipped 0.5, a caution at 0.05
        AccountSnapshot account = account().balance("USDT", "1000")
                .cross("BTCUSDT", PositionSide.LONG, "1", "20000", "125").mark("BTCUSDT", "20000")
                .isolated("ETHUSDT", PositionSide.LONG, "1", "2000", "20", "1000").mark("ETHUSDT", "2000").build();
        AdjustLeverage reduce = new AdjustLeverage("ETHUSDT", d("10"));
        Decision shipped = new PolicyService(ShippedRules.engine(), DecisionObserver.NONE).decide(account, reduce).decision();
        assertAllowed(shipped);
        assertTrue(shipped.warnings().isEmpty());

        RuleEngine cautious = editedRules("risk-parameters.csv", "cross-risk-caution-ratio,0.5,", "cross-risk-caution-ratio,0.05,");
        Decision decision = new PolicyService(cautious, DecisionObserver.NONE).decide(account, reduce).decision();
        assertAllowed(decision);
        PolicyAssertions.assertWarned(decision, "CROSS_RISK_RATIO_HIGH");
    }
}
