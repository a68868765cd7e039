package com.riskpolicy.decision;

import static com.riskpolicy.decision.Fixtures.account;
import static com.riskpolicy.decision.Fixtures.d;
import static com.riskpolicy.decision.PolicyAssertions.assertAllowed;
import static com.riskpolicy.decision.PolicyAssertions.assertDecimal;
import static com.riskpolicy.decision.PolicyAssertions.assertOnlyViolation;
import static com.riskpolicy.decision.PolicyAssertions.assertWarned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest.AdjustLeverage;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import org.junit.jupiter.api.Test;

/** rules/leverage.drl on the engine alone (docs/margin-policy.md §3.5, E6). */
class LeverageRulesTest {

    static final String TIER_RULE = "Leverage cannot exceed the maximum of the current position value's risk-limit tier";
    static final String SHORTFALL_RULE = "Reducing leverage needs the transferable cross balance to cover the required margin difference";
    static final String CROSS_RULE = "Cross leverage is limited by the total margin of the cross account";

    private final PolicyService policy = new PolicyService(ShippedRules.engine(), DecisionObserver.NONE);

    private Decided adjust(AccountSnapshot account, String leverage) {
        return policy.decide(account, new AdjustLeverage("BTCUSDT", d(leverage)));
    }

    private static Fixtures e4() {
        return account().balance("USDT", "5000")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000");
    }

    @Test
    void without_a_position_the_leverage_is_set_for_the_symbols_next_orders() {
        Decided decided = adjust(account().balance("USDT", "100").build(), "50");
        assertAllowed(decided.decision());
        assertDecimal("50", decided.after().leverage("BTCUSDT").orElseThrow());
    }

    @Test
    void without_a_position_the_leverage_is_capped_by_the_first_tier() {
        assertAllowed(adjust(account().build(), "125").decision());
        assertOnlyViolation(adjust(account().build(), "125.5").decision(), "LEVERAGE_EXCEEDS_RISK_LIMIT", TIER_RULE);
    }

    @Test
    void e6_raising_leverage_keeps_the_margin_moves_nothing_and_keeps_the_liquidation_price() {
        Decided decided = adjust(e4().build(), "50");
        assertAllowed(decided.decision());
        Preview preview = decided.decision().preview();
        assertDecimal("1000", preview.after().isolatedMargin());
        assertDecimal("0", preview.transferFromCross());
        assertEquals(0, preview.before().liquidationPrice().compareTo(preview.after().liquidationPrice()));
        assertDecimal("5000", decided.after().balance("USDT"));
        assertDecimal("50", decided.after().position("BTCUSDT").orElseThrow().leverage());
    }

    @Test
    void reducing_leverage_tops_the_margin_up_to_value_over_leverage_from_the_cross_wallet() {
        Decided decided = adjust(e4().mark("BTCUSDT", "19500").build(), "10");
        assertAllowed(decided.decision());
        // required 19,500 / 10 = 1,950; margin balance 1,000 − 500 = 500; shortfall 1,450
        Preview preview = decided.decision().preview();
        assertDecimal("1450", preview.transferFromCross());
        assertDecimal("2450", preview.after().isolatedMargin());
        assertDecimal("3550", decided.after().balance("USDT"));
        assertDecimal("1", preview.after().quantity());
        assertDecimal("20000", preview.after().entryPrice());
        assertTrue(preview.after().liquidationPrice().compareTo(preview.before().liquidationPrice()) < 0,
                "a long's liquidation price moves away from the mark");
    }

    @Test
    void reducing_leverage_when_the_margin_already_covers_it_moves_nothing() {
        Decided decided = adjust(e4().build(), "20");
        assertAllowed(decided.decision());
        assertDecimal("0", decided.decision().preview().transferFromCross());
    }

    @Test
    void reducing_leverage_is_refused_when_the_cross_wallet_cannot_transfer_the_difference() {
        AccountSnapshot exact = account().balance("USDT", "1000")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
        assertAllowed(adjust(exact, "10").decision());
        AccountSnapshot short1 = account().balance("USDT", "999.99999999")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
        Decision denied = adjust(short1, "10").decision();
        assertOnlyViolation(denied, "INSUFFICIENT_CROSS_BALANCE", SHORTFALL_RULE);
        assertEquals("Reducing to 10x needs 1000.00000000 more margin but only 999.99999999 can be transferred from the"
                + " cross-margin account.", denied.violations().get(0).message());
    }

    @Test
    void reducing_leverage_while_the_cross_account_is_at_the_caution_ratio_warns_without_blocking() {
        // cross: 1 BTC long at 20,000 → MM 80; equity 160 → account risk ratio exactly 0.5
        // ETH isolated with margin to spare: reducing its leverage moves nothing
        AccountSnapshot account = account().balance("USDT", "160")
                .cross("BTCUSDT", PositionSide.LONG, "1", "20000", "125").mark("BTCUSDT", "20000")
                .isolated("ETHUSDT", PositionSide.LONG, "1", "2000", "20", "1000").mark("ETHUSDT", "2000").build();
        Decided decided = policy.decide(account, new AdjustLeverage("ETHUSDT", d("10")));
        assertDecimal("0.5", decided.decision().preview().crossRiskRatioBefore());
        assertAllowed(decided.decision());
        assertWarned(decided.decision(), "CROSS_RISK_RATIO_HIGH");
    }

    @Test
    void the_caution_also_applies_when_the_transfer_lifts_the_cross_risk_ratio_to_the_threshold() {
        // equity 260, MM 80: ratio 0.31 before; the 100 shortfall leaves equity 160: ratio 0.5 after
        AccountSnapshot account = account().balance("USDT", "260")
                .cross("BTCUSDT", PositionSide.LONG, "1", "20000", "125").mark("BTCUSDT", "20000")
                .isolated("ETHUSDT", PositionSide.LONG, "1", "2000", "20", "100").mark("ETHUSDT", "2000").build();
        Decided decided = policy.decide(account, new AdjustLeverage("ETHUSDT", d("10")));
        assertDecimal("100", decided.decision().preview().transferFromCross());
        assertDecimal("0.5", decided.decision().preview().crossRiskRatioAfter());
        assertAllowed(decided.decision());
        assertWarned(decided.decision(), "CROSS_RISK_RATIO_HIGH");
    }

    @Test
    void no_caution_below_the_threshold_or_when_raising_leverage() {
        AccountSnapshot calm = account().balance("USDT", "10000")
                .isolated("ETHUSDT", PositionSide.LONG, "1", "2000", "20", "100").mark("ETHUSDT", "2000").build();
        assertTrue(policy.decide(calm, new AdjustLeverage("ETHUSDT", d("10"))).decision().warnings().isEmpty());
    }

    @Test
    void changing_a_cross_positions_leverage_is_limited_by_the_cross_equity() {
        AccountSnapshot account = account().balance("USDT", "1000")
                .cross("BTCUSDT", PositionSide.LONG, "1", "20000", "50").mark("BTCUSDT", "20000").build();
        assertAllowed(adjust(account, "20").decision());
        assertOnlyViolation(adjust(account, "19").decision(), "INSUFFICIENT_CROSS_MARGIN", CROSS_RULE);
    }

    @Test
    void leverage_above_the_tier_of_the_current_position_value_is_denied() {
        AccountSnapshot account = account().balance("USDT", "100000")
                .isolated("BTCUSDT", PositionSide.LONG, "2", "30000", "50", "1200").mark("BTCUSDT", "30000").build();
        // 60,000 is in tier 2: max 100x
        assertAllowed(adjust(account, "100").decision());
        assertOnlyViolation(adjust(account, "101").decision(), "LEVERAGE_EXCEEDS_RISK_LIMIT", TIER_RULE);
    }
}
