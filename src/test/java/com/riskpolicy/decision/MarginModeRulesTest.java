package com.riskpolicy.decision;

import static com.riskpolicy.decision.Fixtures.account;
import static com.riskpolicy.decision.PolicyAssertions.assertAllowed;
import static com.riskpolicy.decision.PolicyAssertions.assertDenied;
import static com.riskpolicy.decision.PolicyAssertions.assertOnlyViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest.SwitchMarginMode;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** rules/margin-mode.drl on the engine alone (docs/margin-policy.md §3.1). */
class MarginModeRulesTest {

    static final String POSITION_RULE = "Contracts with open positions cannot switch between Cross and Isolated margin mode";
    static final String ORDERS_RULE = "Contracts with open orders cannot switch between Cross and Isolated margin mode";

    private final PolicyService policy = new PolicyService(ShippedRules.engine(), DecisionObserver.NONE);

    private Decided switchTo(AccountSnapshot account, String symbol, MarginMode mode) {
        return policy.decide(account, new SwitchMarginMode(symbol, mode));
    }

    @Test
    void a_contract_without_positions_or_orders_switches_and_only_that_contract_changes() {
        AccountSnapshot account = account().balance("USDT", "1000").mode("ETHUSDT", MarginMode.CROSS).build();
        Decided decided = switchTo(account, "BTCUSDT", MarginMode.ISOLATED);
        assertAllowed(decided.decision());
        assertEquals(MarginMode.ISOLATED, decided.after().marginMode("BTCUSDT"));
        assertEquals(MarginMode.CROSS, decided.after().marginMode("ETHUSDT"));
    }

    @Test
    void a_decision_s_id_carries_the_millisecond_it_was_evaluated_at() {
        Decision decision = switchTo(account().balance("USDT", "1000").build(), "BTCUSDT", MarginMode.ISOLATED).decision();
        UUID id = UUID.fromString(decision.decisionId());
        assertEquals(decision.evaluatedAt().toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void the_default_mode_is_cross() {
        assertEquals(MarginMode.CROSS, account().build().marginMode("BTCUSDT"));
    }

    @Test
    void a_contract_with_an_open_position_cannot_switch() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .isolated("BTCUSDT", PositionSide.LONG, "0.01", "60000", "10", "60").build();
        assertOnlyViolation(switchTo(account, "BTCUSDT", MarginMode.CROSS).decision(), "OPEN_POSITION_EXISTS", POSITION_RULE);
    }

    @Test
    void a_contract_with_open_orders_cannot_switch_until_they_are_cancelled() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .order("BTCUSDT", OrderSide.BUY, "0.01", "50000", "10").build();
        assertOnlyViolation(switchTo(account, "BTCUSDT", MarginMode.ISOLATED).decision(), "OPEN_ORDERS_EXIST", ORDERS_RULE);
    }

    @Test
    void a_position_and_open_orders_give_both_reasons() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .cross("BTCUSDT", PositionSide.LONG, "0.01", "60000", "10")
                .order("BTCUSDT", OrderSide.BUY, "0.01", "50000", "10").build();
        Decision decision = switchTo(account, "BTCUSDT", MarginMode.ISOLATED).decision();
        assertDenied(decision, "OPEN_POSITION_EXISTS", POSITION_RULE);
        assertDenied(decision, "OPEN_ORDERS_EXIST", ORDERS_RULE);
        assertEquals(2, decision.violations().size());
    }

    @Test
    void choosing_the_mode_a_contract_already_has_is_allowed_even_with_a_position() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .isolated("BTCUSDT", PositionSide.LONG, "0.01", "60000", "10", "60")
                .order("BTCUSDT", OrderSide.BUY, "0.01", "50000", "10").build();
        assertAllowed(switchTo(account, "BTCUSDT", MarginMode.ISOLATED).decision());
    }

    @Test
    void positions_in_other_contracts_do_not_block_a_switch() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .cross("ETHUSDT", PositionSide.SHORT, "1", "3000", "10")
                .order("ETHUSDT", OrderSide.SELL, "1", "3100", "10").build();
        assertAllowed(switchTo(account, "BTCUSDT", MarginMode.ISOLATED).decision());
    }

    @Test
    void the_decision_names_the_revision_of_the_rules_that_made_it() {
        Decision decision = switchTo(account().build(), "BTCUSDT", MarginMode.ISOLATED).decision();
        assertEquals(ShippedRules.active().revision(), decision.ruleSetRevision());
    }
}
