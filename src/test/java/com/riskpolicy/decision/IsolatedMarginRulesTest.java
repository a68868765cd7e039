package com.riskpolicy.decision;

import static com.riskpolicy.decision.Fixtures.account;
import static com.riskpolicy.decision.Fixtures.d;
import static com.riskpolicy.decision.PolicyAssertions.assertAllowed;
import static com.riskpolicy.decision.PolicyAssertions.assertDecimal;
import static com.riskpolicy.decision.PolicyAssertions.assertOnlyViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest.AdjustMargin;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rules/isolated-margin.drl on the engine alone (docs/margin-policy.md §3.3, §3.4, E4, E5). */
class IsolatedMarginRulesTest {

    static final String NO_POSITION_RULE = "Margin can only be adjusted on an open position";
    static final String NOT_ISOLATED_RULE = "Only a position in Isolated Margin mode has its own margin to adjust";
    static final String CURRENCY_RULE = "Isolated margin only supports the settlement currency of the trading pair";
    static final String ADD_RULE = "Added margin is sourced from the available balance of the cross-margin account";
    static final String EXCEEDS_RULE = "Removing margin cannot take more than the position's isolated margin";
    static final String MAINTENANCE_RULE = "Removing margin must leave the maintenance margin covered";
    static final String ISOLATED_ADJUSTMENT_RULE =
            "An isolated position's margin is adjusted in the settlement currency of its trading pair";

    private final PolicyService policy = new PolicyService(ShippedRules.engine(), DecisionObserver.NONE);

    /** E4: isolated LONG 1 @ 20,000, iM 1,000, mark 20,000: MM = 80. */
    private static AccountSnapshot e4(String usdt) {
        return account().balance("USDT", usdt)
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
    }

    private Decided add(AccountSnapshot account, String amount) {
        return policy.decide(account, new AdjustMargin(Action.ADD_MARGIN, "BTCUSDT", d(amount), null));
    }

    private Decided remove(AccountSnapshot account, String amount) {
        return policy.decide(account, new AdjustMargin(Action.REMOVE_MARGIN, "BTCUSDT", d(amount), null));
    }

    @Test
    void adding_margin_moves_it_from_the_cross_wallet_and_moves_the_liquidation_price_away() {
        Decided decided = add(e4("500"), "500");
        assertAllowed(decided.decision());
        assertDecimal("1500", decided.after().position("BTCUSDT").orElseThrow().isolatedMargin());
        assertDecimal("0", decided.after().balance("USDT"));
        Preview preview = decided.decision().preview();
        assertDecimal("500", preview.transferFromCross());
        assertTrue(preview.after().liquidationPrice().compareTo(preview.before().liquidationPrice()) < 0);
    }

    @Test
    void adding_one_unit_more_than_transferable_is_denied() {
        assertOnlyViolation(add(e4("500"), "500.00000001").decision(), "INSUFFICIENT_CROSS_BALANCE", ADD_RULE);
    }

    @Test
    void e4_removing_900_leaves_100_above_the_80_maintenance_margin() {
        Decided decided = remove(e4("0"), "900");
        assertAllowed(decided.decision());
        assertDecimal("100", decided.after().position("BTCUSDT").orElseThrow().isolatedMargin());
        assertDecimal("900", decided.after().balance("USDT"));
        Preview preview = decided.decision().preview();
        assertDecimal("-900", preview.transferFromCross());
        assertTrue(preview.after().liquidationPrice().compareTo(preview.before().liquidationPrice()) > 0,
                "a long's liquidation price moves toward the mark");
    }

    @Test
    void e5_removing_921_leaves_79_which_does_not_cover_the_maintenance_margin() {
        Decision decision = remove(e4("0"), "921").decision();
        assertOnlyViolation(decision, "MAINTENANCE_MARGIN_BREACH", MAINTENANCE_RULE);
        assertEquals("After removing 921.00000000 the margin balance would be 79.00000000, not above the maintenance"
                + " margin of 80.00000000: the position would be liquidated.", decision.violations().get(0).message());
    }

    @Test
    void messages_show_amounts_at_the_ledgers_scale_rounded_half_even() {
        // HALF_EVEN: ...25 keeps its even 2, where HALF_UP would show ...03
        assertEquals("Adding 500.00000002 needs more than the 500.00000000 the cross-margin account can transfer.",
                add(e4("500"), "500.000000025").decision().violations().get(0).message());
        assertEquals("The position holds 1000.00000000 of isolated margin; 1000.00000002 cannot be removed.",
                remove(e4("0"), "1000.000000015").decision().violations().get(0).message());
    }

    @Test
    void the_derived_isolated_adjustment_fires_for_an_isolated_position_in_its_settlement_currency_only() {
        assertEquals(List.of(ISOLATED_ADJUSTMENT_RULE), remove(e4("0"), "900").decision().firedRules());
        Decision denied = remove(e4("0"), "921").decision();
        assertEquals(List.of(ISOLATED_ADJUSTMENT_RULE, MAINTENANCE_RULE), denied.firedRules().stream().sorted().toList());
        AccountSnapshot cross = account().balance("USDT", "1000")
                .cross("BTCUSDT", PositionSide.LONG, "0.01", "20000", "20").build();
        assertEquals(List.of(NOT_ISOLATED_RULE), remove(cross, "1").decision().firedRules());
    }

    @ParameterizedTest(name = "removing {0} leaves a risk ratio of {1}: {2}")
    @CsvSource({"919.99999999, <1, ALLOW", "920, =1, DENY", "920.00000001, >1, DENY"})
    void a_removal_that_would_leave_the_risk_ratio_exactly_at_100_percent_is_denied(String amount, String ratio,
                                                                                   String outcome) {
        Decision decision = remove(e4("0"), amount).decision();
        if (outcome.equals("ALLOW")) {
            assertAllowed(decision);
        } else {
            assertOnlyViolation(decision, "MAINTENANCE_MARGIN_BREACH", MAINTENANCE_RULE);
        }
    }

    @Test
    void unrealized_pnl_counts_towards_the_remaining_margin() {
        AccountSnapshot inProfit = account().balance("USDT", "0")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "21000").build();
        // 1,000 − 1,000 + 1,000 profit = 1,000 > MM 84
        assertAllowed(remove(inProfit, "1000").decision());
    }

    @Test
    void removing_more_than_the_isolated_margin_is_denied() {
        assertOnlyViolation(remove(e4("0"), "1000.00000001").decision(), "REMOVE_EXCEEDS_ISOLATED_MARGIN", EXCEEDS_RULE);
    }

    @Test
    void without_a_position_there_is_no_margin_to_adjust() {
        assertOnlyViolation(add(account().balance("USDT", "100").build(), "1").decision(), "NO_POSITION", NO_POSITION_RULE);
    }

    @Test
    void a_cross_position_has_no_margin_of_its_own() {
        AccountSnapshot cross = account().balance("USDT", "1000")
                .cross("BTCUSDT", PositionSide.LONG, "0.01", "20000", "20").build();
        assertOnlyViolation(add(cross, "1").decision(), "NOT_ISOLATED", NOT_ISOLATED_RULE);
        assertOnlyViolation(remove(cross, "1").decision(), "NOT_ISOLATED", NOT_ISOLATED_RULE);
    }

    @Test
    void isolated_margin_is_settlement_currency_only() {
        AccountSnapshot account = account().balance("USDT", "0").balance("BTC", "1")
                .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
        Decided decided = policy.decide(account, new AdjustMargin(Action.ADD_MARGIN, "BTCUSDT", d("0.1"), "BTC"));
        assertOnlyViolation(decided.decision(), "COLLATERAL_CURRENCY_NOT_SUPPORTED", CURRENCY_RULE);
        assertDecimal("0", decided.decision().preview().transferFromCross());
    }
}
