package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.AccountSnapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The account cache on its own: its bound, what it keeps, and that it keeps no mark prices. */
class AccountCacheTest {

    private static final int SIZE = 100;

    /** Evictions on the calling thread, so that the size is exact after every put. */
    private final AccountCache cache = new AccountCache(SIZE, Runnable::run);

    @Test
    void it_never_holds_more_accounts_than_its_size() {
        for (int i = 0; i < 50 * SIZE; i++) {
            cache.put(account("swept-" + i));
            assertTrue(cache.size() <= SIZE, () -> cache.size() + " accounts kept");
        }
        assertEquals(SIZE, cache.size());
    }

    @Test
    void the_accounts_in_use_stay_while_a_sweep_over_five_times_as_many_others_passes_through() {
        IntStream.range(0, SIZE).forEach(i -> cache.put(account("earlier-" + i)));
        List<String> inUse = IntStream.range(0, SIZE / 5).mapToObj(i -> "in-use-" + i).toList();
        for (String accountId : inUse) {
            cache.put(account(accountId));
            for (int read = 0; read < 10; read++) {
                cache.get(accountId);
            }
        }

        IntStream.range(0, 5 * SIZE).forEach(i -> cache.put(account("swept-" + i)));

        assertEquals(List.of(), inUse.stream().filter(id -> cache.get(id) == null).toList(), "evicted while in use");
        assertEquals(SIZE, cache.size());
    }

    @Test
    void an_account_is_kept_without_mark_prices_and_forgotten_on_request() {
        cache.put(account("alice").withMarkPrices(Map.of("BTCUSDT", new BigDecimal("60000"))));
        assertEquals(Map.of(), cache.get("alice").markPrices());
        cache.forget("alice");
        assertNull(cache.get("alice"));
    }

    @Test
    void a_size_of_zero_keeps_nothing() {
        AccountCache off = new AccountCache(0, Runnable::run);
        off.put(account("alice"));
        assertNull(off.get("alice"));
    }

    private static AccountSnapshot account(String accountId) {
        return new AccountSnapshot(accountId, Map.of("USDT", BigDecimal.TEN), Map.of(), Map.of(), List.of(), List.of(),
                Map.of());
    }
}
