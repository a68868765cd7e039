package com.riskpolicy.ruleops;

import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.fact.RiskExposure;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleEvaluationException;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check a compiled candidate passes before it is activated: every action on sample accounts of
 * every contract, and the liquidation rules on sample exposures, must be decided without a rule
 * failing or firing without end. Compiling proves the rules are well formed; this proves they run.
 */
final class SelfTest {

    private static final BigDecimal PRICE = new BigDecimal("1000");

    private SelfTest() {
    }

    /** Compiles a candidate rule set. */
    @FunctionalInterface
    interface Compilation {
        RuleSet run() throws RuleCompilationException;
    }

    /**
     * Compiles a candidate, runs it as {@link #run} does and releases it: the compiler's errors,
     * else the self-test's; empty when the candidate is valid. Activates nothing.
     */
    static List<RuleError> compileAndRun(Compilation compile) {
        RuleSet candidate;
        try {
            candidate = compile.run();
        } catch (RuleCompilationException e) {
            return e.errors();
        }
        try {
            return run(candidate);
        } finally {
            candidate.retire();
        }
    }

    /** The errors found, located at the rule that failed; empty when the candidate runs. */
    static List<RuleError> run(RuleSet candidate) {
        RuleEngine fixed = new RuleEngine(null, Path.of("."));
        fixed.activate(candidate);
        PolicyService policy = new PolicyService(fixed, DecisionObserver.NONE);
        Set<RuleError> errors = new LinkedHashSet<>();
        for (Contract contract : candidate.catalog().contracts().values()) {
            String symbol = contract.symbol();
            for (AccountSnapshot account : accounts(contract)) {
                for (ActionRequest request : requests(symbol)) {
                    for (Violation violation : policy.decide(account, request).decision().violations()) {
                        if (violation.code().equals(RuleSet.RULE_EVALUATION_ERROR)) {
                            errors.add(locate(candidate, violation.rule(), "fails on a sample " + request.action()
                                    + " of " + symbol + ": " + violation.message()));
                        }
                    }
                }
            }
            try {
                candidate.liquidationVerdicts(List.of(
                        new RiskExposure(RiskExposure.Scope.ISOLATED_POSITION, "self-test", symbol, new BigDecimal("1.5"), false, false),
                        new RiskExposure(RiskExposure.Scope.ISOLATED_POSITION, "self-test-2", symbol, new BigDecimal("0.9"), false, false),
                        new RiskExposure(RiskExposure.Scope.CROSS_ACCOUNT, "self-test-3", symbol, null, true, false)));
            } catch (RuleEvaluationException e) {
                errors.add(new RuleError("(liquidation rules)", 1, 1, "fail on sample exposures of " + symbol + ": " + e.getMessage()));
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
        for (var file : candidate.ruleFiles().contents().entrySet()) {
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("rule \"" + rule + "\"")) {
                    return new RuleError(file.getKey(), i + 1, lines[i].indexOf("rule") + 1, "rule '" + rule + "' " + message);
                }
            }
        }
        return new RuleError("(rules folder)", 1, 1, "rule '" + rule + "' " + message);
    }
}
