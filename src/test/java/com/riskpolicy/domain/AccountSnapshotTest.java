package com.riskpolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder derives the account after an action, and shares what the action left as it was. */
class AccountSnapshotTest {

    private static final AccountSnapshot ACCOUNT = new AccountSnapshot("a", Map.of("USDT", new BigDecimal("1000")),
            Map.of("BTCUSDT", MarginMode.ISOLATED), Map.of("BTCUSDT", new BigDecimal("10")), List.of(), List.of(), Map.of());

    @Test
    void setting_the_leverage_or_mode_an_account_already_has_leaves_it_as_it_was() {
        AccountSnapshot after = ACCOUNT.toBuilder().leverage("BTCUSDT", new BigDecimal("10"))
                .marginMode("BTCUSDT", MarginMode.ISOLATED).build();

        assertEquals(ACCOUNT, after);
        assertSame(ACCOUNT.leverages(), after.leverages());
        assertSame(ACCOUNT.marginModes(), after.marginModes());
    }

    @Test
    void another_leverage_mode_or_scale_is_set_and_the_account_before_is_unchanged() {
        AccountSnapshot after = ACCOUNT.toBuilder().leverage("BTCUSDT", new BigDecimal("10.0"))
                .leverage("ETHUSDT", new BigDecimal("20")).marginMode("BTCUSDT", MarginMode.CROSS)
                .marginMode("ETHUSDT", MarginMode.CROSS).build();

        assertEquals(Map.of("BTCUSDT", new BigDecimal("10.0"), "ETHUSDT", new BigDecimal("20")), after.leverages());
        assertEquals(Map.of("BTCUSDT", MarginMode.CROSS, "ETHUSDT", MarginMode.CROSS), after.marginModes());
        assertEquals(Map.of("BTCUSDT", new BigDecimal("10")), ACCOUNT.leverages());
        assertEquals(Map.of("BTCUSDT", MarginMode.ISOLATED), ACCOUNT.marginModes());
    }

    @Test
    void a_debit_subtracts_from_the_balance_and_one_of_a_currency_not_held_leaves_it_negative() {
        AccountSnapshot after = ACCOUNT.toBuilder().debit("USDT", new BigDecimal("250.5")).debit("BTC", new BigDecimal("0.1"))
                .credit("USDT", new BigDecimal("0.5")).build();

        assertEquals(Map.of("USDT", new BigDecimal("750.0"), "BTC", new BigDecimal("-0.1")), after.balances());
        assertEquals(Map.of("USDT", new BigDecimal("1000")), ACCOUNT.balances());
    }

    @Test
    void a_position_replaces_the_symbols_position_and_leaves_the_others() {
        Position btc = new Position("BTCUSDT", PositionSide.LONG, new BigDecimal("1"), new BigDecimal("60000"),
                new BigDecimal("10"), MarginMode.ISOLATED, new BigDecimal("6000"));
        Position eth = new Position("ETHUSDT", PositionSide.SHORT, new BigDecimal("2"), new BigDecimal("3000"),
                new BigDecimal("5"), MarginMode.CROSS, BigDecimal.ZERO);
        AccountSnapshot holding = ACCOUNT.toBuilder().position(btc).position(eth).build();
        Position moreBtc = new Position("BTCUSDT", PositionSide.LONG, new BigDecimal("2"), new BigDecimal("61000"),
                new BigDecimal("10"), MarginMode.ISOLATED, new BigDecimal("12200"));

        assertEquals(List.of(eth, moreBtc), holding.toBuilder().position(moreBtc).build().positions());
        assertEquals(List.of(eth), holding.toBuilder().removePosition("BTCUSDT").build().positions());
        assertEquals(List.of(btc, eth), holding.positions());
    }

    @Test
    void a_mark_price_is_added_only_for_a_symbol_without_one_and_every_other_entry_stays() {
        AccountSnapshot priced = ACCOUNT.withMarkPrices(Map.of("BTCUSDT", new BigDecimal("60000"),
                "ETHUSDT", new BigDecimal("3000"), "SOLUSDT", new BigDecimal("150")));

        AccountSnapshot after = priced.toBuilder().markPriceIfAbsent("BTCUSDT", BigDecimal.ONE)
                .markPriceIfAbsent("XRPUSDT", new BigDecimal("0.5")).markPriceIfAbsent("XRPUSDT", BigDecimal.TEN).build();

        assertEquals(Map.of("BTCUSDT", new BigDecimal("60000"), "ETHUSDT", new BigDecimal("3000"),
                "SOLUSDT", new BigDecimal("150"), "XRPUSDT", new BigDecimal("0.5")), after.markPrices());
        assertSame(priced.markPrices(), priced.toBuilder().markPriceIfAbsent("ETHUSDT", BigDecimal.ONE).build().markPrices());
        assertEquals(3, priced.markPrices().size());
    }

    @Test
    void setting_one_of_several_entries_replaces_it_and_keeps_the_rest() {
        AccountSnapshot many = ACCOUNT.toBuilder().leverage("ETHUSDT", new BigDecimal("20"))
                .leverage("SOLUSDT", new BigDecimal("5")).credit("BTC", new BigDecimal("2")).credit("ETH", BigDecimal.ONE).build();

        AccountSnapshot after = many.toBuilder().leverage("ETHUSDT", new BigDecimal("25")).credit("BTC", new BigDecimal("-0.5"))
                .build();

        assertEquals(Map.of("BTCUSDT", new BigDecimal("10"), "ETHUSDT", new BigDecimal("25"), "SOLUSDT", new BigDecimal("5")),
                after.leverages());
        assertEquals(Map.of("USDT", new BigDecimal("1000"), "BTC", new BigDecimal("1.5"), "ETH", BigDecimal.ONE),
                after.balances());
        assertEquals(new BigDecimal("20"), many.leverages().get("ETHUSDT"));
    }
}
