package com.riskpolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.ShippedRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §2 formulas and §5 worked examples E1–E3 on the shipped BTCUSDT tiers. */
class MarginMathTest {

    private final MarginMath math = ShippedRules.active().math();
    private final Contract btc = math.catalog().requireContract("BTCUSDT");

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    private static AccountSnapshot account(Map<String, BigDecimal> balances, List<Position> positions, List<Order> orders,
                                           Map<String, BigDecimal> marks) {
        return new AccountSnapshot("acc", balances, Map.of(), Map.of(), positions, orders, marks);
    }

    private static Position isolatedLong(String quantity, String entry, String margin) {
        return new Position("BTCUSDT", PositionSide.LONG, d(quantity), d(entry), d("20"), MarginMode.ISOLATED, d(margin));
    }

    @Nested
    @DisplayName("Worked examples (docs/margin-policy.md §5)")
    class WorkedExamples {

        @Test
        void e1_isolated_long_liquidates_at_54216_86746988_where_the_risk_ratio_is_one() {
            BigDecimal price = math.liquidationPrice(btc, PositionSide.LONG, d("0.5"), d("60000"), d("3000"), d("30000")).orElseThrow();
            assertDecimal("54216.86746988", Money.out(price));

            AccountSnapshot atLiquidation = account(Map.of(), List.of(isolatedLong("0.5", "60000", "3000")), List.of(),
                    Map.of("BTCUSDT", Money.out(price)));
            PositionRisk risk = math.positionRisk(atLiquidation, "BTCUSDT").orElseThrow();
            assertDecimal("1.00000000", Money.out(risk.riskRatio()));
            assertEquals(1, risk.tier());

            AccountSnapshot oneUnitBelow = account(Map.of(), List.of(isolatedLong("0.5", "60000", "3000")), List.of(),
                    Map.of("BTCUSDT", Money.out(price).subtract(Money.UNIT)));
            assertTrue(math.positionRisk(oneUnitBelow, "BTCUSDT").orElseThrow().liquidatable());
        }

        @Test
        void e2_isolated_short_liquidates_at_65737_05179283() {
            BigDecimal price = math.liquidationPrice(btc, PositionSide.SHORT, d("0.5"), d("60000"), d("3000"), d("30000")).orElseThrow();
            assertDecimal("65737.05179283", Money.out(price));
        }

        @Test
        void e3_large_long_stays_in_tier_3_and_liquidates_at_57293_24() {
            BigDecimal price = math.liquidationPrice(btc, PositionSide.LONG, d("12"), d("60000"), d("36000"), d("720000")).orElseThrow();
            assertDecimal("57293.24", price.setScale(2, RoundingMode.HALF_EVEN));
            assertEquals(3, btc.tierFor(MarginMath.positionValue(d("12"), price)).orElseThrow().tier());
        }
    }

    @Nested
    @DisplayName("The price at which a position's risk ratio reaches a threshold (the what-if plot's margin-call price)")
    class RiskRatioPrices {

        @Test
        void an_isolated_positions_price_at_ratio_one_is_its_liquidation_price_and_at_the_margin_call_ratio_the_ratio_is_it() {
            AccountSnapshot e1 = account(Map.of(), List.of(isolatedLong("0.5", "60000", "3000")), List.of(),
                    Map.of("BTCUSDT", d("60000")));
            assertDecimal("54216.86746988", Money.out(math.riskRatioPrice(e1, "BTCUSDT", BigDecimal.ONE).orElseThrow()));
            BigDecimal call = math.riskRatioPrice(e1, "BTCUSDT", d("0.8")).orElseThrow();
            assertDecimal("0.80000000", Money.out(math.positionRisk(e1.withMarkPrices(Map.of("BTCUSDT", call)), "BTCUSDT")
                    .orElseThrow().riskRatio()));
        }

        @Test
        void a_cross_positions_price_holds_the_other_cross_positions_and_reaches_the_books_ratio() {
            Position btcLong = new Position("BTCUSDT", PositionSide.LONG, d("2"), d("20000"), d("20"), MarginMode.CROSS, BigDecimal.ZERO);
            Position ethShort = new Position("ETHUSDT", PositionSide.SHORT, d("10"), d("2000"), d("10"), MarginMode.CROSS,
                    BigDecimal.ZERO);
            AccountSnapshot account = account(Map.of("USDT", d("3000")), List.of(btcLong, ethShort), List.of(),
                    Map.of("BTCUSDT", d("20000"), "ETHUSDT", d("2050")));
            assertEquals(math.positionRisk(account, "BTCUSDT").orElseThrow().liquidationPrice(),
                    math.riskRatioPrice(account, "BTCUSDT", BigDecimal.ONE).orElseThrow());
            for (String ratio : List.of("0.5", "0.8")) {
                BigDecimal price = math.riskRatioPrice(account, "BTCUSDT", d(ratio)).orElseThrow();
                AccountSnapshot there = account.withMarkPrices(Map.of("BTCUSDT", price, "ETHUSDT", d("2050")));
                assertEquals(0, d(ratio).compareTo(math.accountRiskRatio(there).orElseThrow().setScale(20, RoundingMode.HALF_EVEN)),
                        () -> "at " + price + " the book's ratio is " + math.accountRiskRatio(there).orElseThrow());
            }
        }

        @Test
        void no_position_no_price() {
            assertTrue(math.riskRatioPrice(account(Map.of(), List.of(), List.of(), Map.of()), "BTCUSDT", BigDecimal.ONE).isEmpty());
        }
    }

    @Nested
    @DisplayName("Position figures (docs/margin-policy.md §2)")
    class PositionFigures {

        @Test
        void value_and_unrealized_pnl_use_the_mark_price_and_the_side() {
            assertDecimal("10000", MarginMath.positionValue(d("0.5"), d("20000")));
            assertDecimal("500", MarginMath.unrealizedPnl(PositionSide.LONG, d("0.5"), d("19000"), d("20000")));
            assertDecimal("-500", MarginMath.unrealizedPnl(PositionSide.SHORT, d("0.5"), d("19000"), d("20000")));
        }

        @Test
        void maintenance_margin_is_value_times_rate_minus_the_tiers_amount() {
            RiskTier tier3 = btc.tierFor(d("720000")).orElseThrow();
            assertDecimal("3730", MarginMath.maintenanceMargin(d("720000"), tier3));
            assertDecimal("80", MarginMath.maintenanceMargin(d("20000"), btc.tierFor(d("20000")).orElseThrow()));
        }

        @Test
        void initial_margin_is_value_over_leverage() {
            assertDecimal("1000", MarginMath.initialMargin(d("20000"), d("20")));
        }

        @Test
        void isolated_risk_ratio_is_maintenance_over_margin_balance_and_unbounded_without_balance() {
            assertDecimal("0.08", MarginMath.riskRatio(d("80"), d("1000")).orElseThrow());
            assertTrue(MarginMath.riskRatio(d("80"), d("0")).isEmpty());
            assertTrue(MarginMath.riskRatio(d("80"), d("-5")).isEmpty());
        }

        @Test
        void a_long_whose_margin_covers_its_whole_value_has_no_liquidation_price() {
            assertTrue(math.liquidationPrice(btc, PositionSide.LONG, d("1"), d("20000"), d("20000"), d("20000")).isEmpty());
        }

        @Test
        void the_liquidation_price_uses_the_tier_at_the_liquidation_price_not_at_entry() {
            // 12 BTC at 60,000 with a thin margin is in tier 3 at entry; a short liquidates higher,
            // where 12 × LP lies in tier 3 too; a long with a huge margin falls into a lower tier.
            BigDecimal price = math.liquidationPrice(btc, PositionSide.LONG, d("12"), d("60000"), d("400000"), d("720000")).orElseThrow();
            RiskTier atPrice = btc.tierFor(MarginMath.positionValue(d("12"), price)).orElseThrow();
            assertEquals(2, atPrice.tier());
            // with tier 2 figures: (720000 − 400000 − 50) / (12 × 0.995)
            assertDecimal(Money.out(d("319950").divide(d("11.94"), Money.MC)).toPlainString(), Money.out(price));
        }
    }

    @Nested
    @DisplayName("Risk-limit tiers (docs/margin-policy.md §4)")
    class Tiers {

        @ParameterizedTest(name = "position value {0} is in tier {1}")
        @CsvSource({"0,1", "0.00000001,1", "50000,1", "50000.00000001,2", "600000,2", "600000.00000001,3",
                "1800000000,12"})
        void a_value_exactly_at_a_cap_is_in_the_lower_tier(String value, int tier) {
            assertEquals(tier, btc.tierFor(d(value)).orElseThrow().tier());
        }

        @Test
        void a_value_above_the_last_cap_is_outside_the_risk_limit() {
            assertTrue(btc.tierFor(d("1800000000.00000001")).isEmpty());
            assertDecimal("1800000000", btc.riskLimit());
        }
    }

    @Nested
    @DisplayName("Cross wallet (docs/margin-policy.md §2)")
    class CrossWallet {

        private final Position crossLong = new Position("BTCUSDT", PositionSide.LONG, d("1"), d("20000"), d("10"),
                MarginMode.CROSS, BigDecimal.ZERO);

        @Test
        void cross_equity_counts_collateral_at_its_ratio_and_cross_pnl() {
            AccountSnapshot account = account(Map.of("USDT", d("1000"), "BTC", d("0.1")), List.of(crossLong), List.of(),
                    Map.of("BTCUSDT", d("21000")));
            // 1000 + 0.1 × 21000 × 0.95 + (21000 − 20000)
            assertDecimal("3995", math.crossEquity(account));
        }

        @Test
        void collateral_without_a_mark_price_counts_zero_and_a_liability_counts_in_full() {
            AccountSnapshot noMark = account(Map.of("USDT", d("1000"), "ETH", d("2")), List.of(), List.of(), Map.of());
            assertDecimal("1000", math.crossEquity(noMark));
            AccountSnapshot liability = account(Map.of("USDT", d("-100"), "BTC", d("1")), List.of(), List.of(),
                    Map.of("BTCUSDT", d("20000")));
            assertDecimal("18900", math.crossEquity(liability));
        }

        @Test
        void isolated_margin_is_not_in_the_cross_wallet() {
            AccountSnapshot account = account(Map.of("USDT", d("1000")), List.of(isolatedLong("1", "20000", "1000")),
                    List.of(), Map.of("BTCUSDT", d("15000")));
            assertDecimal("1000", math.crossEquity(account));
        }

        @Test
        void account_risk_ratio_is_zero_without_cross_positions_and_unbounded_without_equity() {
            AccountSnapshot none = account(Map.of("USDT", d("1000")), List.of(), List.of(), Map.of());
            assertDecimal("0", math.accountRiskRatio(none).orElseThrow());
            AccountSnapshot broke = account(Map.of("USDT", d("0")), List.of(crossLong), List.of(), Map.of("BTCUSDT", d("19000")));
            assertTrue(math.accountRiskRatio(broke).isEmpty());
            AccountSnapshot healthy = account(Map.of("USDT", d("920")), List.of(crossLong), List.of(), Map.of("BTCUSDT", d("20000")));
            // MM 80 over equity 920
            assertDecimal(d("80").divide(d("920"), Money.MC).toPlainString(), math.accountRiskRatio(healthy).orElseThrow());
        }

        @Test
        void cross_initial_margin_counts_cross_positions_and_cross_orders() {
            Order crossOrder = new Order("o1", "ETHUSDT", OrderSide.BUY, d("2"), d("3000"), d("10"), MarginMode.CROSS);
            Order isolatedOrder = new Order("o2", "ETHUSDT", OrderSide.BUY, d("1"), d("3000"), d("5"), MarginMode.ISOLATED);
            AccountSnapshot account = account(Map.of("USDT", d("10000")), List.of(crossLong), List.of(crossOrder, isolatedOrder),
                    Map.of("BTCUSDT", d("20000")));
            assertDecimal("2600", math.crossInitialMargin(account));
            assertDecimal("600", math.isolatedOrderMargin(account));
        }

        @Test
        void transferable_is_the_free_cross_equity_capped_by_the_settlement_balance_and_rounded_down() {
            Order isolatedOrder = new Order("o2", "ETHUSDT", OrderSide.BUY, d("1"), d("1000"), d("3"), MarginMode.ISOLATED);
            AccountSnapshot account = account(Map.of("USDT", d("1000"), "BTC", d("1")), List.of(), List.of(isolatedOrder),
                    Map.of("BTCUSDT", d("20000")));
            // free = 1000 + 19000 − 333.333… = 19666.66…, capped by the 1000 USDT balance
            assertDecimal("1000", math.transferable(account));
            AccountSnapshot thin = account(Map.of("USDT", d("1000")), List.of(), List.of(isolatedOrder), Map.of());
            assertDecimal("666.66666666", math.transferable(thin));
            AccountSnapshot negative = account(Map.of("USDT", d("100")), List.of(crossLong), List.of(), Map.of("BTCUSDT", d("20000")));
            assertDecimal("0", math.transferable(negative));
        }

        @Test
        void a_cross_positions_liquidation_price_holds_the_rest_of_the_book_at_current_values() {
            AccountSnapshot account = account(Map.of("USDT", d("1000")), List.of(crossLong), List.of(), Map.of("BTCUSDT", d("20000")));
            PositionRisk risk = math.positionRisk(account, "BTCUSDT").orElseThrow();
            // margin available = equity 1000 (no other cross position): (20000 − 1000) / 0.996
            assertDecimal(Money.out(d("19000").divide(d("0.996"), Money.MC)).toPlainString(), Money.out(risk.liquidationPrice()));
            assertFalse(risk.liquidatable());
        }
    }
}
