package com.riskpolicy.decision;

import static com.riskpolicy.decision.Fixtures.account;
import static com.riskpolicy.decision.Fixtures.d;
import static com.riskpolicy.decision.PolicyAssertions.assertAllowed;
import static com.riskpolicy.decision.PolicyAssertions.assertDecimal;
import static com.riskpolicy.decision.PolicyAssertions.assertDenied;
import static com.riskpolicy.decision.PolicyAssertions.assertOnlyViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest.OpenPosition;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rules/open-position.drl on the engine alone (docs/margin-policy.md §3.2, §4). */
class OpenPositionRulesTest {

    static final String RISK_LIMIT_RULE = "A position's value must stay within the contract's risk limit";
    static final String TIER_LEVERAGE_RULE = "Leverage cannot exceed the maximum of the position's risk-limit tier";
    static final String SIDE_RULE = "A position cannot be opened against an existing position on the other side";
    static final String LEVERAGE_MISMATCH_RULE = "Orders on an open position use the position's leverage";
    static final String TRANSFERABLE_RULE = "Isolated margin comes from the transferable balance of the cross-margin account";
    static final String CROSS_MARGIN_RULE = "Cross positions are limited by the total margin of the cross account";

    private final PolicyService policy = new PolicyService(ShippedRules.engine(), DecisionObserver.NONE);

    private Decided open(AccountSnapshot account, PositionSide side, String quantity, String price, String leverage) {
        return policy.decide(account, new OpenPosition(Action.OPEN_POSITION, "BTCUSDT", side, d(quantity), d(price),
                leverage == null ? null : d(leverage)));
    }

    private Decided order(AccountSnapshot account, PositionSide side, String quantity, String price, String leverage) {
        return policy.decide(account, new OpenPosition(Action.PLACE_ORDER, "BTCUSDT", side, d(quantity), d(price), d(leverage)));
    }

    private static AccountSnapshot isolatedWallet(String usdt) {
        return account().balance("USDT", usdt).mode("BTCUSDT", MarginMode.ISOLATED).build();
    }

    @Nested
    class IsolatedMarginFromTheCrossWallet {

        @Test
        void an_isolated_open_moves_quantity_times_price_over_leverage_into_the_positions_margin() {
            Decided decided = open(isolatedWallet("10000"), PositionSide.LONG, "0.5", "20000", "10");
            assertAllowed(decided.decision());
            Position position = decided.after().position("BTCUSDT").orElseThrow();
            assertDecimal("1000", position.isolatedMargin());
            assertEquals(MarginMode.ISOLATED, position.mode());
            assertDecimal("9000", decided.after().balance("USDT"));
            assertDecimal("1000", decided.decision().preview().transferFromCross());
            assertNull(decided.decision().preview().before());
            assertDecimal("1000", decided.decision().preview().after().isolatedMargin());
        }

        @Test
        void a_transfer_exactly_equal_to_transferable_is_allowed() {
            assertAllowed(open(isolatedWallet("1000"), PositionSide.LONG, "0.5", "20000", "10").decision());
        }

        @Test
        void one_unit_more_than_transferable_is_denied() {
            Decided decided = open(isolatedWallet("1000"), PositionSide.LONG, "0.5", "20000.0000002", "10");
            assertOnlyViolation(decided.decision(), "INSUFFICIENT_CROSS_BALANCE", TRANSFERABLE_RULE);
        }

        @Test
        void the_required_margin_is_rounded_up_so_it_is_never_under_funded() {
            // 1 × 1000 / 3 = 333.333333333… → 333.33333334 must move, and 333.33333333 is not enough
            Decided decided = open(isolatedWallet("333.33333333"), PositionSide.LONG, "1", "1000", "3");
            assertOnlyViolation(decided.decision(), "INSUFFICIENT_CROSS_BALANCE", TRANSFERABLE_RULE);
            Decided funded = open(isolatedWallet("333.33333334"), PositionSide.LONG, "1", "1000", "3");
            assertAllowed(funded.decision());
            assertDecimal("0", funded.after().balance("USDT"));
            assertDecimal("333.33333334", funded.after().position("BTCUSDT").orElseThrow().isolatedMargin());
        }

        @Test
        void margin_reserved_by_open_orders_is_not_transferable() {
            AccountSnapshot account = account().balance("USDT", "1000").mode("BTCUSDT", MarginMode.ISOLATED)
                    .order("BTCUSDT", com.riskpolicy.domain.OrderSide.BUY, "0.1", "20000", "10").build();
            // 200 reserved by the order: 800 left
            assertOnlyViolation(open(account, PositionSide.LONG, "0.5", "16000.0000002", "10").decision(),
                    "INSUFFICIENT_CROSS_BALANCE", TRANSFERABLE_RULE);
            assertAllowed(open(account, PositionSide.LONG, "0.5", "16000", "10").decision());
        }
    }

    @Nested
    class AddingToAPosition {

        @Test
        void adding_on_the_same_side_averages_the_entry_price_and_adds_the_orders_margin() {
            AccountSnapshot account = account().balance("USDT", "5000")
                    .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").mark("BTCUSDT", "20000").build();
            Decided decided = open(account, PositionSide.LONG, "1", "22000", null);
            assertAllowed(decided.decision());
            Position position = decided.after().position("BTCUSDT").orElseThrow();
            assertDecimal("2", position.quantity());
            assertDecimal("21000", position.entryPrice());
            assertDecimal("2100", position.isolatedMargin());
            assertDecimal("3900", decided.after().balance("USDT"));
            assertDecimal("1000", decided.decision().preview().before().isolatedMargin());
        }

        @Test
        void opening_against_a_position_on_the_other_side_is_denied() {
            AccountSnapshot account = account().balance("USDT", "5000")
                    .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").build();
            assertOnlyViolation(open(account, PositionSide.SHORT, "0.1", "20000", "20").decision(),
                    "POSITION_SIDE_CONFLICT", SIDE_RULE);
        }

        @Test
        void an_order_on_an_open_position_must_use_its_leverage() {
            AccountSnapshot account = account().balance("USDT", "5000")
                    .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20", "1000").build();
            assertOnlyViolation(open(account, PositionSide.LONG, "0.1", "20000", "10").decision(),
                    "LEVERAGE_MISMATCH", LEVERAGE_MISMATCH_RULE);
            assertAllowed(open(account, PositionSide.LONG, "0.1", "20000", "20.0").decision());
        }

        @Test
        void messages_show_a_leverage_as_held_without_the_ledgers_trailing_zeros() {
            // the ledger stores leverages at 18 places
            AccountSnapshot account = account().balance("USDT", "5000")
                    .isolated("BTCUSDT", PositionSide.LONG, "1", "20000", "20.000000000000000000", "1000").build();
            assertEquals("The BTCUSDT position uses 20x; adjust its leverage first or order at 20x.",
                    open(account, PositionSide.LONG, "0.1", "20000", "10").decision().violations().get(0).message());
        }
    }

    @Nested
    class RiskLimitTiers {

        @ParameterizedTest(name = "{0} BTC at {1} with {2}x is {3}")
        @CsvSource({
                "1, 50000, 125, ALLOW",          // value exactly at tier 1's cap: tier 1, max 125x
                "1, 50000, 126, DENY",
                "1, 50000.00000001, 100, ALLOW", // just above: tier 2, max 100x
                "1, 50000.00000001, 101, DENY",
                "10, 60000, 100, ALLOW",         // 600,000: still tier 2
                "10, 60000.00000001, 100, DENY", // tier 3, max 75x
                "10, 60000.00000001, 75, ALLOW"})
        void leverage_exactly_at_the_tiers_maximum_is_allowed(String quantity, String price, String leverage, String outcome) {
            Decision decision = open(account().balance("USDT", "100000000").build(), PositionSide.LONG, quantity, price,
                    leverage).decision();
            if (outcome.equals("ALLOW")) {
                assertAllowed(decision);
            } else {
                assertOnlyViolation(decision, "LEVERAGE_EXCEEDS_RISK_LIMIT", TIER_LEVERAGE_RULE);
            }
        }

        @Test
        void a_position_value_above_the_last_cap_is_outside_the_risk_limit() {
            AccountSnapshot whale = account().balance("USDT", "10000000000").build();
            assertAllowed(open(whale, PositionSide.LONG, "30000", "60000", "1").decision());
            Decision decision = open(whale, PositionSide.LONG, "30000", "60000.00000001", "1").decision();
            assertOnlyViolation(decision, "RISK_LIMIT_EXCEEDED", RISK_LIMIT_RULE);
            assertEquals("Position value 1800000000.00030000 would exceed the BTCUSDT risk limit of 1800000000.00000000.",
                    decision.violations().get(0).message());
        }

        @Test
        void the_held_quantity_counts_towards_the_tier() {
            AccountSnapshot account = account().balance("USDT", "100000")
                    .cross("BTCUSDT", PositionSide.LONG, "1", "50000", "100").mark("BTCUSDT", "50000").build();
            // 1 held + 0.1 at 50,000 = 55,000: tier 2, so 125x is too much … and 100x is the position's leverage
            assertDenied(open(account, PositionSide.LONG, "0.1", "50000", "125").decision(),
                    "LEVERAGE_EXCEEDS_RISK_LIMIT", TIER_LEVERAGE_RULE);
        }
    }

    @Nested
    class CrossPositions {

        @Test
        void cross_initial_margin_up_to_the_cross_equity_is_allowed() {
            AccountSnapshot account = account().balance("USDT", "1000").build();
            Decided decided = open(account, PositionSide.LONG, "1", "20000", "20");
            assertAllowed(decided.decision());
            assertDecimal("1000", decided.after().balance("USDT"));
            assertDecimal("0", decided.decision().preview().transferFromCross());
            assertEquals(MarginMode.CROSS, decided.after().position("BTCUSDT").orElseThrow().mode());
        }

        @Test
        void cross_initial_margin_beyond_the_cross_equity_is_denied() {
            AccountSnapshot account = account().balance("USDT", "1000").build();
            assertOnlyViolation(open(account, PositionSide.LONG, "1", "20000", "19").decision(),
                    "INSUFFICIENT_CROSS_MARGIN", CROSS_MARGIN_RULE);
        }

        @Test
        void collateral_in_other_currencies_counts_at_its_collateral_ratio() {
            AccountSnapshot account = account().balance("USDT", "0").balance("BTC", "0.1").mark("BTCUSDT", "20000").build();
            // 0.1 × 20,000 × 0.95 = 1,900 of equity: 1,900 of initial margin fits, 1,900.00000001 does not
            assertAllowed(open(account, PositionSide.LONG, "0.95", "20000", "10").decision());
            assertOnlyViolation(open(account, PositionSide.LONG, "0.95", "20000.0000002", "10").decision(),
                    "INSUFFICIENT_CROSS_MARGIN", CROSS_MARGIN_RULE);
        }
    }

    @Nested
    class Orders {

        @Test
        void an_order_reserves_its_margin_without_moving_it() {
            Decided decided = order(isolatedWallet("1000"), PositionSide.LONG, "0.5", "20000", "10");
            assertAllowed(decided.decision());
            assertDecimal("1000", decided.after().balance("USDT"));
            assertEquals(1, decided.after().orders().size());
            assertEquals(MarginMode.ISOLATED, decided.after().orders().get(0).mode());
            assertDecimal("0", ShippedRules.active().math().transferable(decided.after()));
            assertDecimal("0", decided.decision().preview().transferFromCross());
        }

        @Test
        void an_order_follows_the_same_limits_as_a_fill() {
            assertOnlyViolation(order(isolatedWallet("1000"), PositionSide.LONG, "0.5", "20000.0000002", "10").decision(),
                    "INSUFFICIENT_CROSS_BALANCE", TRANSFERABLE_RULE);
            assertOnlyViolation(order(isolatedWallet("1000000"), PositionSide.LONG, "1", "50000", "126").decision(),
                    "LEVERAGE_EXCEEDS_RISK_LIMIT", TIER_LEVERAGE_RULE);
        }
    }

    @Test
    void the_first_fill_price_serves_as_the_mark_price_until_one_arrives() {
        Decided decided = open(isolatedWallet("10000"), PositionSide.LONG, "0.5", "20000", "10");
        assertDecimal("20000", decided.after().markPrices().get("BTCUSDT"));
        AccountSnapshot marked = account().balance("USDT", "10000").mode("BTCUSDT", MarginMode.ISOLATED)
                .mark("BTCUSDT", "19000").build();
        assertDecimal("19000", open(marked, PositionSide.LONG, "0.5", "20000", "10").after().markPrices().get("BTCUSDT"));
    }

    @Test
    void without_a_leverage_the_symbols_leverage_applies_and_then_the_default() {
        AccountSnapshot set = account().balance("USDT", "10000").mode("BTCUSDT", MarginMode.ISOLATED)
                .leverage("BTCUSDT", "5").build();
        assertDecimal("2000", open(set, PositionSide.LONG, "0.5", "20000", null).decision().preview().transferFromCross());
        // rules/risk-parameters.csv: default-leverage 20
        assertDecimal("500", open(isolatedWallet("10000"), PositionSide.LONG, "0.5", "20000", null)
                .decision().preview().transferFromCross());
    }
}
