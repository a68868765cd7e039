package com.riskpolicy.ruleops;

import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.CollateralAsset;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.liquidation.TickLedger;
import com.riskpolicy.liquidation.TickPlan;
import com.riskpolicy.liquidation.TickPlanner;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleEvaluationException;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The check a compiled candidate passes before it is activated: every action on sample accounts of
 * every contract, and a mark-price tick of every contract over a sample book, must be decided and
 * carried out without a rule failing or firing without end. Compiling proves the rules are well
 * formed; this proves they run.
 */
final class SelfTest {

    private static final BigDecimal PRICE = new BigDecimal("1000");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private SelfTest() {
    }

    /** Compiles a candidate rule set. */
    @FunctionalInterface
    interface Compilation {
        RuleSet run() throws RuleCompilationException;
    }

    /**
     * A candidate checked: {@code passed} when it compiled, ran and its policy examples hold, else
     * null; {@code compiled} tells the compiler's errors from the others; {@code examples} is what
     * the policy examples found (null when it did not compile).
     */
    record Result(RuleSet passed, boolean compiled, List<RuleError> errors, PolicyExamples.Report examples) {

        /** What the self-test says: not run when it did not compile, else failed for any error not the examples'. */
        SelfTestOutcome selfTest() {
            if (!compiled) {
                return SelfTestOutcome.NOT_RUN;
            }
            return examples.errors().containsAll(errors) ? SelfTestOutcome.PASSED : SelfTestOutcome.FAILED;
        }
    }

    /**
     * Compiles a candidate, runs it as {@link #run} does and runs its policy examples: the
     * compiler's errors, else the self-test's and the examples'. A candidate that passes is kept for
     * the caller to activate or retire; one that does not is released.
     */
    static Result compileAndCheck(Compilation compile) {
        RuleSet candidate;
        try {
            candidate = compile.run();
        } catch (RuleCompilationException e) {
            return new Result(null, false, e.errors(), null);
        }
        List<RuleError> errors = new ArrayList<>(run(candidate));
        PolicyExamples.Report examples = PolicyExamples.run(candidate);
        errors.addAll(examples.errors());
        if (!errors.isEmpty()) {
            candidate.retire();
            return new Result(null, true, errors, examples);
        }
        return new Result(candidate, true, List.of(), examples);
    }

    /** Compiles and checks a candidate as {@link #compileAndCheck} does, then releases it. Activates nothing. */
    static Result compileAndRelease(Compilation compile) {
        Result result = compileAndCheck(compile);
        if (result.passed() != null) {
            result.passed().retire();
        }
        return result;
    }

    /** The errors found, located at the rule that failed; empty when the candidate runs. */
    static List<RuleError> run(RuleSet candidate) {
        Set<RuleError> errors = new LinkedHashSet<>();
        for (Contract contract : candidate.catalog().contracts().values()) {
            String symbol = contract.symbol();
            for (AccountSnapshot account : accounts(contract)) {
                for (ActionRequest request : requests(symbol)) {
                    for (Violation violation : PolicyService.decideWith(candidate, account, request).decision().violations()) {
                        if (violation.code().equals(RuleSet.RULE_EVALUATION_ERROR)) {
                            errors.add(locate(candidate, violation.rule(), "fails on a sample " + request.action()
                                    + " of " + symbol + ": " + violation.message()));
                        }
                    }
                }
            }
            try {
                sampleTick(candidate, contract);
            } catch (RuleEvaluationException e) {
                errors.add(locate(candidate, e.rule(), "fails on a sample mark-price tick of " + symbol + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                errors.add(new RuleError("(liquidation rules)", 1, 1, "a sample mark-price tick of " + symbol
                        + " fails: " + e.getMessage()));
            }
        }
        return new ArrayList<>(errors);
    }

    private static List<AccountSnapshot> accounts(Contract contract) {
        String symbol = contract.symbol();
        String currency = contract.settlementCurrency();
        Map<String, BigDecimal> wallet = Map.of(currency, new BigDecimal("100000"));
        Map<String, BigDecimal> marks = Map.of(symbol, PRICE);
        AccountSnapshot empty = new AccountSnapshot("self-test", wallet, Map.of(), Map.of(), List.of(), List.of(), marks);
        AccountSnapshot isolated = new AccountSnapshot("self-test", wallet, Map.of(symbol, MarginMode.ISOLATED),
                Map.of(symbol, BigDecimal.TEN), List.of(new Position(symbol, PositionSide.LONG, BigDecimal.ONE, PRICE,
                BigDecimal.TEN, MarginMode.ISOLATED, new BigDecimal("100"))), List.of(), marks);
        AccountSnapshot cross = new AccountSnapshot("self-test", wallet, Map.of(), Map.of(symbol, BigDecimal.TEN),
                List.of(new Position(symbol, PositionSide.SHORT, BigDecimal.ONE, PRICE, BigDecimal.TEN, MarginMode.CROSS,
                        BigDecimal.ZERO)), List.of(), marks);
        return List.of(empty, isolated, cross);
    }

    /**
     * A mark-price tick of {@code contract} at {@link #PRICE} through the real planner, over a book
     * in which the tick brings, by the candidate's own thresholds: an isolated position past the
     * liquidation ratio, one between the margin call and the liquidation, one bankrupt with a deficit
     * the empty insurance fund cannot pay (so a short is auto-deleveraged), and two cross books, one
     * past each threshold. Every verdict the liquidation rules can give is carried out.
     */
    static TickPlan sampleTick(RuleSet candidate, Contract contract) {
        String symbol = contract.symbol();
        RiskCatalog catalog = candidate.catalog();
        BigDecimal value = MarginMath.positionValue(BigDecimal.ONE, PRICE);
        BigDecimal maintenance = MarginMath.maintenanceMargin(value, contract.tierOrLast(value));
        BigDecimal pastLiquidation = Money.multiply(catalog.liquidationRiskRatio(), TWO);
        BigDecimal pastMarginCall = Money.divide(Money.add(catalog.marginCallRiskRatio(), catalog.liquidationRiskRatio()), TWO);
        CollateralAsset valuation = catalog.collateral().get(catalog.valuationCurrency());
        BigDecimal collateralRatio = valuation.collateralRatio().signum() > 0 ? valuation.collateralRatio() : BigDecimal.ONE;

        Map<String, AccountSnapshot> accounts = new TreeMap<>();
        LiquidationBook book = new LiquidationBook(candidate);
        Stream.of(
                isolated(contract, "self-test-liquidated", PositionSide.LONG, PRICE, backing(maintenance, pastLiquidation)),
                isolated(contract, "self-test-margin-call", PositionSide.LONG, PRICE, backing(maintenance, pastMarginCall)),
                isolated(contract, "self-test-bankrupt", PositionSide.LONG, Money.multiply(PRICE, new BigDecimal("1.1")),
                        Money.multiply(value, new BigDecimal("0.01"))),
                isolated(contract, "self-test-counterparty", PositionSide.SHORT, PRICE, value),
                cross(contract, "self-test-cross-liquidated", Money.divide(backing(maintenance, pastLiquidation), collateralRatio)),
                cross(contract, "self-test-cross-margin-call", Money.divide(backing(maintenance, pastMarginCall), collateralRatio))
        ).forEach(account -> {
            accounts.put(account.accountId(), account);
            book.update(null, account);
        });
        return new TickPlanner(book, candidate, TickLedger.of(accounts), symbol, PRICE, Map.of(symbol, PRICE),
                Map.of(contract.settlementCurrency(), BigDecimal.ZERO), Instant.EPOCH).plan();
    }

    /** The margin at which {@code maintenance} is {@code ratio} of it, rounded up as the ledger holds margin. */
    private static BigDecimal backing(BigDecimal maintenance, BigDecimal ratio) {
        return Money.requirement(Money.divide(maintenance, ratio));
    }

    private static AccountSnapshot isolated(Contract contract, String accountId, PositionSide side, BigDecimal entry,
                                            BigDecimal margin) {
        String symbol = contract.symbol();
        return new AccountSnapshot(accountId, Map.of(), Map.of(symbol, MarginMode.ISOLATED), Map.of(symbol, BigDecimal.TEN),
                List.of(new Position(symbol, side, BigDecimal.ONE, entry, BigDecimal.TEN, MarginMode.ISOLATED, margin)),
                List.of(), Map.of());
    }

    private static AccountSnapshot cross(Contract contract, String accountId, BigDecimal balance) {
        String symbol = contract.symbol();
        return new AccountSnapshot(accountId, Map.of(contract.settlementCurrency(), balance), Map.of(),
                Map.of(symbol, BigDecimal.TEN), List.of(new Position(symbol, PositionSide.LONG, BigDecimal.ONE, PRICE,
                BigDecimal.TEN, MarginMode.CROSS, BigDecimal.ZERO)), List.of(), Map.of());
    }

    private static List<ActionRequest> requests(String symbol) {
        return List.of(
                new ActionRequest.SwitchMarginMode(symbol, MarginMode.ISOLATED),
                new ActionRequest.SwitchMarginMode(symbol, MarginMode.CROSS),
                new ActionRequest.OpenPosition(Action.OPEN_POSITION, symbol, PositionSide.LONG, BigDecimal.ONE, PRICE, BigDecimal.TEN),
                new ActionRequest.OpenPosition(Action.PLACE_ORDER, symbol, PositionSide.SHORT, BigDecimal.ONE, PRICE, BigDecimal.TEN),
                new ActionRequest.AdjustMargin(Action.ADD_MARGIN, symbol, BigDecimal.TEN, null),
                new ActionRequest.AdjustMargin(Action.REMOVE_MARGIN, symbol, BigDecimal.TEN, null),
                new ActionRequest.AdjustLeverage(symbol, new BigDecimal("5")),
                new ActionRequest.AdjustLeverage(symbol, new BigDecimal("20")));
    }

    /** Points at the line that declares {@code rule}, in whichever DRL file holds it. */
    private static RuleError locate(RuleSet candidate, String rule, String message) {
        return candidate.ruleFiles().atRule(rule, "rule '" + rule + "' " + message);
    }
}
