package com.riskpolicy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.ShippedRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The in-process baseline decides as the shipped rules do, so that it cannot drift from them
 * unnoticed: on DecisionBenchmark's generated accounts and requests (fewer of them), the hand-written
 * decider's outcome, violation codes, preview and account after equal {@link PolicyService}'s, and on
 * openings the benchmark does not generate, so that every rule of the two files is compared.
 */
class HandWrittenDeciderTest {

    private static final String BTC = "BTCUSDT";
    private static final int ACCOUNTS = 200;
    private static final int CASES = 2_000;

    private static final RuleEngine ENGINE = ShippedRules.engine();
    private static final PolicyService POLICY = new PolicyService(ENGINE, DecisionObserver.NONE);
    private static final HandWrittenDecider BY_HAND = new HandWrittenDecider(ENGINE.active());

    private static final Random RANDOM = new Random(DecisionBenchmark.SEED);
    private static final List<AccountSnapshot> ACCOUNT_LIST = DecisionBenchmark.accounts(ACCOUNTS, RANDOM);
    private static final List<DecisionBenchmark.Case> SWITCHES =
            DecisionBenchmark.cases(ACCOUNT_LIST, CASES, RANDOM, DecisionBenchmark::switchRequest);
    private static final List<DecisionBenchmark.Case> OPENINGS =
            DecisionBenchmark.cases(ACCOUNT_LIST, CASES, RANDOM, DecisionBenchmark::openingRequest);

    @Test
    void margin_mode_switches_decided_by_hand_equal_the_rules_decisions() {
        assertEquals(Optional.empty(), BY_HAND.firstDifference(POLICY, SWITCHES));
    }

    @Test
    void position_openings_decided_by_hand_equal_the_rules_decisions() {
        assertEquals(Optional.empty(), BY_HAND.firstDifference(POLICY, OPENINGS));
    }

    /**
     * The benchmark's fills always take the held position's leverage and stay within the risk limit;
     * these take another leverage, none (the symbol's or the rule set's default), or more than the
     * risk limit allows.
     */
    @Test
    void openings_at_another_leverage_at_none_or_above_the_risk_limit_decided_by_hand_equal_the_rules_decisions() {
        List<DecisionBenchmark.Case> edges = new ArrayList<>();
        for (AccountSnapshot account : ACCOUNT_LIST) {
            Position held = account.position(BTC).orElse(null);
            PositionSide side = held != null ? held.side() : PositionSide.LONG;
            BigDecimal leverage = held != null ? held.leverage().add(BigDecimal.ONE) : new BigDecimal("7");
            edges.add(opening(account, side, "0.01", leverage));
            edges.add(opening(account, side, "0.01", null));
            edges.add(opening(account, side, "40000", leverage));
        }
        assertEquals(Optional.empty(), BY_HAND.firstDifference(POLICY, edges));
        assertEquals(Set.of("ALLOW", "RISK_LIMIT_EXCEEDED", "LEVERAGE_MISMATCH", "INSUFFICIENT_CROSS_BALANCE",
                "INSUFFICIENT_CROSS_MARGIN"), outcomes(edges));
    }

    @Test
    void the_switches_compared_are_allowed_and_denied_for_every_reason_of_the_rules() {
        assertEquals(Set.of("ALLOW", "OPEN_POSITION_EXISTS", "OPEN_ORDERS_EXIST"), outcomes(SWITCHES));
    }

    @Test
    void the_openings_compared_are_allowed_and_denied_for_every_reason_but_the_leverage_mismatch_and_the_risk_limit() {
        assertEquals(Set.of("ALLOW", "LEVERAGE_EXCEEDS_RISK_LIMIT", "POSITION_SIDE_CONFLICT",
                "INSUFFICIENT_CROSS_BALANCE", "INSUFFICIENT_CROSS_MARGIN"), outcomes(OPENINGS));
    }

    private static DecisionBenchmark.Case opening(AccountSnapshot account, PositionSide side, String quantity,
                                                  BigDecimal leverage) {
        return new DecisionBenchmark.Case(account, new ActionRequest.OpenPosition(Action.OPEN_POSITION, BTC, side,
                new BigDecimal(quantity), new BigDecimal("60300.5"), leverage));
    }

    /** ALLOW, and every violation code, that the rules answer on the cases. */
    private static Set<String> outcomes(List<DecisionBenchmark.Case> cases) {
        Set<String> outcomes = new TreeSet<>();
        for (DecisionBenchmark.Case c : cases) {
            var decision = POLICY.decide(c.account(), c.request()).decision();
            if (decision.allowed()) {
                outcomes.add("ALLOW");
            }
            decision.violations().stream().map(Violation::code).forEach(outcomes::add);
        }
        assertTrue(outcomes.size() > 1, "the cases are all " + outcomes);
        return outcomes;
    }
}
