package com.riskpolicy.liquidation;

import static com.riskpolicy.domain.PositionSide.LONG;
import static com.riskpolicy.domain.PositionSide.SHORT;
import static com.riskpolicy.liquidation.Exchange.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.rules.ShippedRules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec §3.6 on the planner alone: which tick liquidates what, and what it costs whom. */
class TickPlannerTest {

    private static final String ISOLATED_RULE = "In isolated margin mode a position is liquidated when its own risk ratio reaches 100 %";
    private static final String CROSS_RULE = "In cross margin mode all cross positions are liquidated when the account risk ratio reaches 100 %";

    private static LiquidationEvent only(TickPlan plan, LiquidationType type) {
        List<LiquidationEvent> found = plan.events().stream().filter(e -> e.type() == type).toList();
        assertEquals(1, found.size(), () -> "one " + type + " expected in " + plan.events());
        return found.get(0);
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertNotNull(actual, "amount " + expected + " expected, was null");
        assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    private static BigDecimal realized(TickPlan plan) {
        return plan.events().stream().filter(e -> e.type() != LiquidationType.MARGIN_CALL)
                .map(LiquidationEvent::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The books change by exactly the PnL the tick realized. */
    private static TickPlan balancedTick(Exchange exchange, String symbol, String price) {
        BigDecimal before = exchange.books();
        TickPlan plan = exchange.tick(symbol, price);
        assertAmount(exchange.books().subtract(before).toPlainString(), realized(plan));
        return plan;
    }

    /** LONG 1 @ 20,000 with 1,076 of margin: MM = 0.004 × M; at M = 19,000 MM 76 = margin balance 76. */
    private static Exchange aliceAtTheBoundary() {
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "20000").mark("ETHUSDT", "2000");
        exchange.trader("alice", "5000").isolated("BTCUSDT", LONG, "1", "20000", "10", "1076")
                .cross("ETHUSDT", LONG, "1", "2000", "10");
        return exchange;
    }

    @Test
    void an_isolated_position_is_liquidated_at_a_risk_ratio_of_exactly_100_percent_and_not_a_cent_before() {
        Exchange exchange = aliceAtTheBoundary();

        TickPlan justAbove = balancedTick(exchange, "BTCUSDT", "19000.01");
        assertTrue(justAbove.events().stream().noneMatch(e -> e.type() == LiquidationType.ISOLATED_LIQUIDATION));

        TickPlan at = balancedTick(exchange, "BTCUSDT", "19000");
        LiquidationEvent event = only(at, LiquidationType.ISOLATED_LIQUIDATION);
        assertEquals("alice", event.accountId());
        assertEquals(ISOLATED_RULE, event.rule());
        assertAmount("1", event.riskRatio());
        assertAmount("1076", event.marginForfeited());
        assertAmount("-1000", event.realizedPnl());
        assertAmount("76", event.insuranceFundDelta());
        assertAmount("1000076", exchange.fund.get("USDT"));
        assertTrue(exchange.locked.contains("alice"), "the liquidated account is locked while the tick decides");
    }

    @Test
    void an_isolated_liquidation_leaves_the_cross_wallet_and_every_other_position_untouched() {
        Exchange exchange = aliceAtTheBoundary();
        exchange.trader("alice", "5000").isolated("BTCUSDT", LONG, "1", "20000", "10", "1076")
                .cross("ETHUSDT", LONG, "1", "2000", "10").order("BTCUSDT", OrderSide.BUY, "1", "18000", "10", MarginMode.ISOLATED)
                .order("ETHUSDT", OrderSide.BUY, "1", "1500", "10", MarginMode.CROSS);

        exchange.tick("BTCUSDT", "18000");

        var alice = exchange.account("alice");
        assertAmount("5000", alice.balance("USDT"));
        assertTrue(alice.position("BTCUSDT").isEmpty());
        assertTrue(alice.position("ETHUSDT").isPresent(), "the cross ETHUSDT position stays");
        assertEquals(List.of("ETHUSDT"), alice.orders().stream().map(o -> o.symbol()).toList(),
                "the liquidated symbol's orders are cancelled, the others stay");
    }

    @Test
    void a_repeated_tick_at_the_same_price_does_nothing_twice() {
        Exchange exchange = aliceAtTheBoundary();
        assertEquals(1, exchange.tick("BTCUSDT", "19000").events().size());
        TickPlan again = exchange.tick("BTCUSDT", "19000");
        assertEquals(List.of(), again.events());
        assertTrue(!again.changesLedger());
    }

    @Test
    void a_short_is_liquidated_when_the_mark_rises_to_its_threshold() {
        // SHORT 1 @ 20,000 with 1,084: at M = 21,000 MM 84 = 1,084 − 1,000
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "20000");
        exchange.trader("sam", "0").isolated("BTCUSDT", SHORT, "1", "20000", "20", "1084");

        assertTrue(balancedTick(exchange, "BTCUSDT", "20999.99").events().stream()
                .noneMatch(e -> e.type() == LiquidationType.ISOLATED_LIQUIDATION));
        LiquidationEvent event = only(balancedTick(exchange, "BTCUSDT", "21000"), LiquidationType.ISOLATED_LIQUIDATION);
        assertAmount("1", event.riskRatio());
        assertAmount("84", event.insuranceFundDelta());
    }

    @Test
    void a_margin_call_is_raised_once_and_again_only_after_the_ratio_fell_back() {
        Exchange exchange = aliceAtTheBoundary();
        LiquidationEvent call = only(exchange.tick("BTCUSDT", "19000.01"), LiquidationType.MARGIN_CALL);
        assertEquals("BTCUSDT", call.symbol());
        assertEquals("A risk ratio at the margin-call threshold raises a margin call once", call.rule());

        assertEquals(List.of(), exchange.tick("BTCUSDT", "19000.02").events(), "no second call while it stays");
        assertEquals(List.of(), exchange.tick("BTCUSDT", "19800").events(), "recovering raises nothing");
        only(exchange.tick("BTCUSDT", "19000.01"), LiquidationType.MARGIN_CALL);
    }

    @Test
    void a_deficit_is_drawn_from_the_insurance_fund_when_it_can_pay() {
        Exchange exchange = Exchange.shipped().mark("ETHUSDT", "2000");
        exchange.trader("bob", "100").isolated("ETHUSDT", LONG, "10", "2000", "20", "1000");
        exchange.trader("dave", "100").isolated("ETHUSDT", SHORT, "10", "2000", "5", "4000");

        LiquidationEvent event = only(balancedTick(exchange, "ETHUSDT", "1800"), LiquidationType.ISOLATED_LIQUIDATION);
        assertNull(event.riskRatio(), "iM + U ≤ 0: the ratio is unbounded");
        assertAmount("-1000", event.insuranceFundDelta());
        assertAmount("-2000", event.realizedPnl());
        assertAmount("1800", event.price());
        assertEquals(List.of(), event.adlCounterparties());
        assertAmount("999000", exchange.fund.get("USDT"));
        assertAmount("10", exchange.account("dave").position("ETHUSDT").orElseThrow().quantity());
    }

    /** bob LONG 10 @ 2,000 (iM 1,000) goes bankrupt at 1,900; at 1,800 his deficit is 1,000. */
    private static Exchange adlMarket(String fund) {
        Exchange exchange = Exchange.shipped().mark("ETHUSDT", "2000").fund(fund);
        exchange.trader("bob", "100").isolated("ETHUSDT", LONG, "10", "2000", "20", "1000");
        exchange.trader("carol", "100").isolated("ETHUSDT", SHORT, "4", "2100", "10", "840");
        exchange.trader("dave", "100").isolated("ETHUSDT", SHORT, "10", "2000", "5", "4000");
        return exchange;
    }

    @Test
    void when_the_fund_cannot_pay_adl_reduces_the_highest_ranked_opposite_positions_at_the_bankruptcy_price() {
        Exchange exchange = adlMarket("999.99");

        TickPlan plan = balancedTick(exchange, "ETHUSDT", "1800");

        LiquidationEvent event = only(plan, LiquidationType.ISOLATED_LIQUIDATION);
        assertAmount("1900", event.price());
        assertAmount("0", event.insuranceFundDelta());
        assertAmount("-1000", event.realizedPnl());
        assertEquals(List.of("carol", "dave"), event.adlCounterparties().stream().map(AdlFill::accountId).toList());
        AdlFill carol = event.adlCounterparties().get(0);
        assertAmount("4", carol.quantity());
        assertAmount("800", carol.realizedPnl());
        assertAmount("0.50420168", carol.rank().setScale(8, java.math.RoundingMode.HALF_EVEN));
        AdlFill dave = event.adlCounterparties().get(1);
        assertAmount("6", dave.quantity());
        assertAmount("600", dave.realizedPnl());
        assertEquals(List.of(LiquidationType.ISOLATED_LIQUIDATION, LiquidationType.ADL, LiquidationType.ADL),
                plan.events().stream().map(LiquidationEvent::type).toList());

        assertTrue(exchange.account("carol").position("ETHUSDT").isEmpty());
        assertAmount("1740", exchange.account("carol").balance("USDT"));
        var davePosition = exchange.account("dave").position("ETHUSDT").orElseThrow();
        assertAmount("4", davePosition.quantity());
        assertAmount("1600", davePosition.isolatedMargin());
        assertAmount("3100", exchange.account("dave").balance("USDT"));
        assertAmount("999.99", exchange.fund.get("USDT"));
    }

    @Test
    void every_event_of_a_tick_has_an_id_of_its_own_that_sorts_by_the_time_it_was_made() {
        long before = System.currentTimeMillis();
        Exchange exchange = adlMarket("999.99");

        TickPlan plan = balancedTick(exchange, "ETHUSDT", "1800");

        List<UUID> ids = plan.events().stream().map(event -> UUID.fromString(event.eventId())).toList();
        assertEquals(3, ids.size());
        assertEquals(3, Set.copyOf(ids).size());
        for (UUID id : ids) {
            // Version 7: the index of event ids grows at its end rather than being written all over
            assertEquals(7, id.version());
            long millis = id.getMostSignificantBits() >>> 16;
            assertTrue(millis >= before && millis <= System.currentTimeMillis(), id + " was made at " + millis);
        }
    }

    @Test
    void when_the_opposite_side_holds_less_the_fund_pays_the_rest_even_below_zero_and_says_so() {
        Exchange exchange = Exchange.shipped().mark("ETHUSDT", "2000").fund("0");
        exchange.trader("bob", "100").isolated("ETHUSDT", LONG, "10", "2000", "20", "1000");
        exchange.trader("carol", "100").isolated("ETHUSDT", SHORT, "4", "2100", "10", "840");

        LiquidationEvent event = only(balancedTick(exchange, "ETHUSDT", "1800"), LiquidationType.ISOLATED_LIQUIDATION);

        // 4 at 1,900 and 6 at 1,800: −400 − 1,200; the fund gets 1,000 − 1,600
        assertAmount("-1600", event.realizedPnl());
        assertAmount("1840", event.price());
        assertAmount("-600", event.insuranceFundDelta());
        assertAmount("-600", exchange.fund.get("USDT"));
        assertTrue(event.note().contains("below zero"), event.note());
    }

    /** erin: 1,000 USDT, cross LONG 1 BTCUSDT @ 20,000: equity 1,000 + M − 20,000 against MM 0.004 × M. */
    private static Exchange erin() {
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "20000").mark("ETHUSDT", "2000");
        exchange.trader("erin", "1000").cross("BTCUSDT", LONG, "1", "20000", "20")
                .isolated("ETHUSDT", LONG, "1", "2000", "10", "200")
                .order("BTCUSDT", OrderSide.BUY, "0.1", "19000", "20", MarginMode.CROSS)
                .order("ETHUSDT", OrderSide.BUY, "1", "1900", "10", MarginMode.ISOLATED);
        return exchange;
    }

    @Test
    void with_no_opposite_position_the_fund_pays_the_whole_deficit_below_zero_at_the_mark() {
        Exchange exchange = Exchange.shipped().mark("ETHUSDT", "2000").fund("0");
        exchange.trader("zed", "100").isolated("ETHUSDT", LONG, "10", "2000", "20", "1000");

        LiquidationEvent event = only(balancedTick(exchange, "ETHUSDT", "1800"), LiquidationType.ISOLATED_LIQUIDATION);

        assertAmount("1800", event.price());
        assertAmount("-2000", event.realizedPnl());
        assertAmount("-1000", exchange.fund.get("USDT"));
        assertTrue(event.note().contains("below zero"), event.note());
    }

    @Test
    void an_account_risk_ratio_of_100_percent_closes_every_cross_position_and_leaves_the_isolated_ones() {
        Exchange exchange = erin();

        assertEquals(List.of(), exchange.tick("BTCUSDT", "19100").events(), "ratio 76.4 / 100 stays below the margin call");
        LiquidationEvent call = only(exchange.tick("BTCUSDT", "19080"), LiquidationType.MARGIN_CALL);
        assertNull(call.symbol(), "an account's margin call has no symbol");
        LiquidationEvent event = only(balancedTick(exchange, "BTCUSDT", "19050"), LiquidationType.ACCOUNT_LIQUIDATION);

        assertEquals(CROSS_RULE, event.rule());
        assertAmount("1.524", event.riskRatio());
        assertAmount("-950", event.realizedPnl());
        assertEquals(List.of("BTCUSDT"), event.closedPositions().stream().map(LiquidationEvent.ClosedPosition::symbol).toList());
        var after = exchange.account("erin");
        assertAmount("50", after.balance("USDT"));
        assertTrue(after.position("BTCUSDT").isEmpty());
        assertAmount("200", after.position("ETHUSDT").orElseThrow().isolatedMargin());
        assertEquals(List.of(MarginMode.ISOLATED), after.orders().stream().map(o -> o.mode()).toList(),
                "cross orders cancelled, isolated ones kept");
        assertEquals(List.of(), exchange.tick("BTCUSDT", "19050").events());
    }

    @Test
    void negative_cross_equity_after_an_account_liquidation_is_covered_by_the_insurance_fund() {
        Exchange exchange = erin();

        LiquidationEvent event = only(balancedTick(exchange, "BTCUSDT", "18000"), LiquidationType.ACCOUNT_LIQUIDATION);

        assertAmount("-2000", event.realizedPnl());
        assertAmount("-1000", event.insuranceFundDelta());
        assertAmount("0", exchange.account("erin").balance("USDT"));
        assertAmount("999000", exchange.fund.get("USDT"));
    }

    @Test
    void adl_covers_a_cross_deficit_the_fund_cannot() {
        Exchange exchange = erin().fund("0");
        exchange.trader("finn", "100").isolated("BTCUSDT", SHORT, "2", "20000", "10", "4000");

        TickPlan plan = balancedTick(exchange, "BTCUSDT", "18000");

        LiquidationEvent event = only(plan, LiquidationType.ACCOUNT_LIQUIDATION);
        // a deficit of 1,000 on 1 BTC: bankrupt at 18,000 + 1,000 = 19,000
        assertEquals(List.of("finn"), event.adlCounterparties().stream().map(AdlFill::accountId).toList());
        assertAmount("19000", event.adlCounterparties().get(0).price());
        assertAmount("1000", event.adlCounterparties().get(0).realizedPnl());
        assertAmount("0", event.insuranceFundDelta());
        assertAmount("-1000", event.realizedPnl());
        assertAmount("0", exchange.account("erin").balance("USDT"));
        assertAmount("1", exchange.account("finn").position("BTCUSDT").orElseThrow().quantity());
    }

    @Test
    void a_position_opened_past_its_threshold_is_caught_by_the_next_tick_even_at_an_unchanged_price() {
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "15000");
        exchange.tick("BTCUSDT", "15000");
        exchange.trader("gus", "0").isolated("BTCUSDT", LONG, "1", "20000", "20", "1000");

        only(exchange.tick("BTCUSDT", "15000"), LiquidationType.ISOLATED_LIQUIDATION);
    }

    @Test
    void the_threshold_is_the_risk_officers_parameter(@TempDir Path folder) throws IOException {
        ShippedRules.copyTo(folder);
        Path parameters = folder.resolve("risk-parameters.csv");
        Files.writeString(parameters, Files.readString(parameters)
                .replace("liquidation-risk-ratio,1,", "liquidation-risk-ratio,0.9,")
                .replace("margin-call-risk-ratio,0.8,", "margin-call-risk-ratio,0.7,"));
        Exchange stricter = new Exchange(ShippedRules.engine(folder).active()).mark("BTCUSDT", "20000");
        stricter.trader("alice", "0").isolated("BTCUSDT", LONG, "1", "20000", "10", "1076");
        Exchange shipped = aliceAtTheBoundary();

        // at 19,020: MM 76.08, margin balance 96: ratio 0.7925
        assertTrue(shipped.tick("BTCUSDT", "19020").events().stream().noneMatch(e -> e.type() == LiquidationType.ISOLATED_LIQUIDATION));
        assertEquals(List.of(), stricter.tick("BTCUSDT", "19020").events().stream()
                .filter(e -> e.type() == LiquidationType.ISOLATED_LIQUIDATION).toList(), "0.79 < 0.9");
        // at 19,008: MM 76.032, margin balance 84: ratio 0.905
        only(stricter.tick("BTCUSDT", "19008"), LiquidationType.ISOLATED_LIQUIDATION);
        assertTrue(shipped.tick("BTCUSDT", "19008").events().stream().noneMatch(e -> e.type() == LiquidationType.ISOLATED_LIQUIDATION));
    }
}
