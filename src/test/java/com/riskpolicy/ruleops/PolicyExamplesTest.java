package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import com.riskpolicy.rules.ShippedRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The policy's own unit tests: the example tables run against the rules they pin. */
class PolicyExamplesTest {

    private static final RuleFiles SHIPPED = RuleFiles.read(ShippedRules.FOLDER);
    private static final String HEADER = "example,action,symbol,wallet,margin_mode,leverage,position,isolated_margin,"
            + "mark_price,amount,expect,violations,rules\n";
    private static final String E4 = "E4,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,900,ALLOW,,\n";

    private static PolicyExamples.Report run(Map<String, String> files) {
        RuleSet rules;
        try {
            rules = new RuleSetCompiler(1, 1000).compile(RuleFiles.of(files));
        } catch (RuleCompilationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        try {
            return PolicyExamples.run(rules);
        } finally {
            rules.retire();
        }
    }

    /** The shipped files with {@code file} changed. */
    private static Map<String, String> shippedWith(String file, UnaryOperator<String> change) {
        Map<String, String> files = new HashMap<>(SHIPPED.contents());
        String changed = change.apply(files.get(file));
        assertTrue(!changed.equals(files.get(file)), () -> "the change did not apply to " + file);
        files.put(file, changed);
        return files;
    }

    /** The shipped rules with no example table but {@code table}, as {@code examples/mine.csv}. */
    private static Map<String, String> rulesWithExamples(String table) {
        Map<String, String> files = new HashMap<>(SHIPPED.contents());
        files.keySet().removeIf(RuleFiles::isExample);
        files.put("examples/mine.csv", table);
        return files;
    }

    @Test
    void every_shipped_example_passes_and_together_they_fire_every_rule() {
        PolicyExamples.Report report = run(SHIPPED.contents());

        assertEquals(List.of(), report.tableErrors());
        assertEquals(List.of(), report.failures());
        assertEquals(List.of(), report.uncovered());
        assertEquals(22, report.rules());
        assertEquals(report.examples(), report.passed());
        assertTrue(report.examples() >= 40, () -> report.examples() + " examples");
    }

    @Test
    void tightening_the_removal_rule_fails_the_documentations_e4_at_its_line() {
        Map<String, String> files = shippedWith("isolated-margin.drl", drl -> drl
                .replace("marginBalanceAfter <= maintenanceMargin", "marginBalanceAfter < initialMargin"));

        List<PolicyExamples.Failure> failures = run(files).failures();

        PolicyExamples.Failure e4 = failures.stream().filter(f -> f.example().startsWith("E4")).findFirst().orElseThrow();
        assertEquals("examples/isolated-margin.csv", e4.file());
        assertEquals(SHIPPED.contents().get("examples/isolated-margin.csv").lines().toList().indexOf(
                SHIPPED.contents().get("examples/isolated-margin.csv").lines().filter(l -> l.startsWith("\"E4")).findFirst()
                        .orElseThrow()) + 1, e4.line());
        assertEquals("ALLOW", e4.expected());
        assertTrue(e4.got().startsWith("DENY [MAINTENANCE_MARGIN_BREACH], rules fired: "), e4.got());
        assertTrue(e4.error().message().startsWith("example 'E4: removing 900 leaves 100, above the maintenance margin of 80':"
                + " expected ALLOW, got DENY [MAINTENANCE_MARGIN_BREACH]"), e4.error().message());
    }

    @Test
    void a_default_leverage_of_19_breaks_no_example_since_the_boundary_examples_name_their_leverage() {
        Map<String, String> files = shippedWith("risk-parameters.csv", csv -> csv.replace("default-leverage,20,",
                "default-leverage,19,"));

        assertEquals(List.of(), run(files).failures());
    }

    @Test
    void raising_the_margin_call_threshold_fails_the_example_at_exactly_80_percent() {
        Map<String, String> files = shippedWith("risk-parameters.csv", csv -> csv.replace("margin-call-risk-ratio,0.8,",
                "margin-call-risk-ratio,0.85,"));

        List<PolicyExamples.Failure> failures = run(files).failures();

        assertEquals(List.of("A risk ratio of exactly 80 % raises a margin call: a margin balance of 95 against a maintenance margin of 76"),
                failures.stream().map(PolicyExamples.Failure::example).toList());
        assertEquals("MARGIN_CALL, by A risk ratio at the margin-call threshold raises a margin call once",
                failures.get(0).expected());
        assertEquals("NONE, no rule fired", failures.get(0).got());
    }

    @Test
    void an_example_expecting_another_violation_code_fails() {
        PolicyExamples.Report report = run(rulesWithExamples(HEADER
                + "E5,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,921,DENY,REMOVE_EXCEEDS_ISOLATED_MARGIN,\n"));

        assertEquals(1, report.failures().size());
        assertEquals(new RuleError("examples/mine.csv", 2, 1, "example 'E5': expected DENY [REMOVE_EXCEEDS_ISOLATED_MARGIN], got"
                        + " DENY [MAINTENANCE_MARGIN_BREACH], rules fired: An isolated position's margin is adjusted in the settlement"
                        + " currency of its trading pair; Removing margin must leave the maintenance margin covered"),
                report.errors().get(0));
    }

    @Test
    void a_rule_that_must_fire_and_does_not_fails_the_example() {
        PolicyExamples.Report report = run(rulesWithExamples(HEADER
                + "E4,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,900,ALLOW,,"
                + "Removing margin must leave the maintenance margin covered\n"));

        assertEquals(1, report.failures().size());
        assertEquals("ALLOW, by Removing margin must leave the maintenance margin covered", report.failures().get(0).expected());
    }

    @Test
    void the_rules_no_example_fires_are_reported_at_the_line_that_declares_them() {
        PolicyExamples.Report report = run(rulesWithExamples(HEADER + E4));

        assertEquals(1, report.examples());
        assertEquals(1, report.passed());
        assertEquals(22, report.rules());
        assertEquals(1, report.covered());
        PolicyExamples.UncoveredRule uncovered = report.uncovered().stream()
                .filter(rule -> rule.rule().equals("Removing margin must leave the maintenance margin covered")).findFirst()
                .orElseThrow();
        assertEquals("isolated-margin.drl", uncovered.file());
        assertEquals(SHIPPED.contents().get("isolated-margin.drl").lines().toList()
                .indexOf("rule \"Removing margin must leave the maintenance margin covered\"") + 1, uncovered.line());
    }

    @Test
    void mistakes_in_a_table_are_errors_at_their_line_and_column_and_their_rows_are_not_run() {
        PolicyExamples.Report report = run(rulesWithExamples(HEADER.replace("rules\n", "rules,colour\n")
                + "bad amount,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,nine,ALLOW,,\n"
                + "no code,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,921,DENY,,\n"
                + "bad action,REMOVE_ALL,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,1,ALLOW,,\n"
                + "bad symbol,REMOVE_MARGIN,DOGEUSDT,10000 USDT,ISOLATED,20,LONG 1 @ 20000,1000,20000,1,ALLOW,,\n"
                + "bad position,REMOVE_MARGIN,BTCUSDT,10000 USDT,ISOLATED,20,LONG 1 at 20000,1000,20000,1,ALLOW,,\n"
                + E4));

        assertEquals(1, report.examples());
        assertEquals(List.of(
                        new RuleError("examples/mine.csv", 1, 118, "unknown column 'colour'; the columns are [example, action, symbol,"
                                + " wallet, margin_mode, leverage, position, isolated_margin, open_orders, cross_positions, mark_price, side,"
                                + " quantity, price, amount, currency, to_mode, to_leverage, expect, violations, warnings, rules]"),
                        new RuleError("examples/mine.csv", 2, 83, "amount must be a decimal number, got 'nine'"),
                        new RuleError("examples/mine.csv", 3, 89, "a DENY example names the violation codes it expects"),
                        new RuleError("examples/mine.csv", 4, 12, "action must be one of [SWITCH_MARGIN_MODE, OPEN_POSITION,"
                                + " PLACE_ORDER, ADD_MARGIN, REMOVE_MARGIN, ADJUST_LEVERAGE, MARK_PRICE], got 'REMOVE_ALL'"),
                        new RuleError("examples/mine.csv", 5, 26, "no contract 'DOGEUSDT' in contracts.csv"),
                        new RuleError("examples/mine.csv", 6, 59, "position must read like 'LONG 1 @ 20000' (side quantity @ entry price)")),
                report.tableErrors());
    }
}
