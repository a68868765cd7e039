package com.riskpolicy.ruleops;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.liquidation.TickLedger;
import com.riskpolicy.liquidation.TickPlanner;
import com.riskpolicy.rules.ExampleTables;
import com.riskpolicy.rules.PolicyExample;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleEvaluationException;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The policy's own unit tests: runs every example of a rule set's example tables through the real
 * decision (or mark-price tick) and compares what the rules decide with what the example expects.
 * A failing example is an error like a compile error, at its file and line, so it blocks an
 * activation; the report also names the rules no example fires.
 */
public final class PolicyExamples {

    /** An insurance fund large enough that no example's liquidation reaches auto-deleveraging. */
    private static final BigDecimal FUND = new BigDecimal("1000000000000");

    private PolicyExamples() {
    }

    /** An example the rules decided otherwise than it expects. */
    public record Failure(String file, int line, String example, String expected, String got) {

        RuleError error() {
            return new RuleError(file, line, 1, "example '" + example + "': expected " + expected + ", got " + got);
        }
    }

    /** A rule no example fires, at the line that declares it. */
    public record UncoveredRule(String rule, String file, int line) {
    }

    /**
     * What the examples found.
     *
     * @param tableErrors mistakes in the example tables themselves (their rows are not run)
     * @param rules       how many rules the rule set has
     * @param covered     how many of them an example fires
     * @param uncovered   the rules no example fires
     */
    public record Report(int examples, int passed, List<Failure> failures, List<RuleError> tableErrors, int rules,
                         int covered, List<UncoveredRule> uncovered) {

        /** The table mistakes and the failing examples, as errors that block an activation. */
        public List<RuleError> errors() {
            List<RuleError> errors = new ArrayList<>(tableErrors);
            failures.forEach(failure -> errors.add(failure.error()));
            return errors;
        }
    }

    /** Runs every example on {@code rules}. */
    public static Report run(RuleSet rules) {
        List<RuleError> tableErrors = new ArrayList<>();
        List<PolicyExample> examples = ExampleTables.read(rules.ruleFiles(), rules.catalog(), tableErrors);
        List<Failure> failures = new ArrayList<>();
        Set<String> fired = new HashSet<>();
        for (PolicyExample example : examples) {
            Outcome outcome = example.isTick() ? tick(rules, example) : decide(rules, example);
            fired.addAll(outcome.fired());
            if (!outcome.matches(example)) {
                failures.add(new Failure(example.file(), example.line(), example.name(), expected(example), outcome.describe()));
            }
        }
        List<UncoveredRule> uncovered = rules.ruleNames().stream()
                .filter(rule -> !fired.contains(rule))
                .map(rule -> {
                    RuleError at = rules.ruleFiles().atRule(rule, "");
                    return new UncoveredRule(rule, at.file(), at.line());
                })
                .toList();
        return new Report(examples.size(), examples.size() - failures.size(), failures, tableErrors,
                rules.ruleNames().size(), rules.ruleNames().size() - uncovered.size(), uncovered);
    }

    /** What the rules did with one example. */
    private record Outcome(String outcome, SortedSet<String> violations, SortedSet<String> warnings, List<String> fired) {

        boolean matches(PolicyExample example) {
            return outcome.equals(example.expected()) && violations.equals(example.violations())
                    && warnings.equals(example.warnings()) && fired.containsAll(example.rules());
        }

        String describe() {
            return PolicyExamples.describe(outcome, violations, warnings)
                    + (fired.isEmpty() ? ", no rule fired" : ", rules fired: " + String.join("; ", new TreeSet<>(fired)));
        }
    }

    private static Outcome decide(RuleSet rules, PolicyExample example) {
        Decision decision = PolicyService.decideWith(rules, example.account(), example.request()).decision();
        return new Outcome(decision.decision().name(), codes(decision.violations().stream().map(Violation::code).toList()),
                codes(decision.warnings().stream().map(Warning::code).toList()), decision.firedRules());
    }

    /** A mark-price tick over the example's account alone, through the real planner. */
    private static Outcome tick(RuleSet rules, PolicyExample example) {
        AccountSnapshot account = example.account();
        LiquidationBook book = new LiquidationBook(rules);
        book.update(null, account);
        TickLedger ledger = TickLedger.of(Map.of(account.accountId(), account));
        String symbol = example.symbol();
        String currency = rules.catalog().requireContract(symbol).settlementCurrency();
        try {
            List<LiquidationEvent> events = new TickPlanner(book, rules, ledger, symbol, example.tickPrice(),
                    Map.of(symbol, example.tickPrice()), Map.of(currency, FUND), Instant.EPOCH).plan().events().stream()
                    .filter(event -> event.accountId().equals(account.accountId()))
                    .toList();
            String outcome = events.isEmpty() ? "NONE"
                    : String.join(" + ", new TreeSet<>(events.stream().map(event -> event.type().name()).toList()));
            return new Outcome(outcome, new TreeSet<>(), new TreeSet<>(), events.stream().map(LiquidationEvent::rule).toList());
        } catch (RuleEvaluationException e) {
            return failed("a failure of rule '" + e.rule() + "': " + e.getMessage());
        } catch (RuntimeException e) {
            return failed("a tick that cannot be carried out: " + e.getMessage());
        }
    }

    private static Outcome failed(String what) {
        return new Outcome(what, new TreeSet<>(), new TreeSet<>(), List.of());
    }

    private static String expected(PolicyExample example) {
        return describe(example.expected(), example.violations(), example.warnings())
                + (example.rules().isEmpty() ? "" : ", by " + String.join("; ", example.rules()));
    }

    private static String describe(String outcome, Collection<String> violations, Collection<String> warnings) {
        return outcome + (violations.isEmpty() ? "" : " " + violations) + (warnings.isEmpty() ? "" : " warning " + warnings);
    }

    private static SortedSet<String> codes(List<String> codes) {
        return new TreeSet<>(codes);
    }
}
