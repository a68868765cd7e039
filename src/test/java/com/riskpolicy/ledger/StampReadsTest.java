package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stamps checks confirm their accounts with: several checks, one query, never an answer older than the check. */
class StampReadsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ExecutorService checks = Executors.newCachedThreadPool();
    private StampReads reads;

    @AfterEach
    void stop() {
        if (reads != null) {
            reads.close();
        }
        checks.shutdownNow();
    }

    @Test
    void a_check_made_while_a_query_is_on_its_way_is_answered_by_the_next_query() throws Exception {
        AtomicLong committedVersion = new AtomicLong(1);
        Semaphore release = new Semaphore(0);
        List<Set<String>> asked = new CopyOnWriteArrayList<>();
        reads = new StampReads("test-stamps", accounts -> {
            long version = committedVersion.get(); // what the database holds as the query begins
            asked.add(Set.copyOf(accounts));
            acquire(release);
            return stamps(accounts, version);
        });

        Future<Optional<LedgerStore.Stamp>> before = checks.submit(() -> reads.stamp("a"));
        waitUntil(() -> asked.size() == 1);
        committedVersion.set(2); // an action commits while the first query is on its way
        Future<Optional<LedgerStore.Stamp>> after = checks.submit(() -> reads.stamp("a"));
        waitUntil(() -> reads.waiting() == 1);
        release.release(2);

        assertEquals(1, get(before).orElseThrow().version(), "the first check began before the commit");
        assertEquals(2, get(after).orElseThrow().version(), "the check made after the commit sees it");
        assertEquals(List.of(Set.of("a"), Set.of("a")), asked);
    }

    @Test
    void the_checks_waiting_together_are_answered_by_one_query() throws Exception {
        List<Set<String>> asked = new CopyOnWriteArrayList<>();
        Semaphore release = new Semaphore(0);
        reads = new StampReads("test-stamps", accounts -> {
            asked.add(Set.copyOf(accounts));
            acquire(release);
            return stamps(accounts, 7);
        });
        Future<Optional<LedgerStore.Stamp>> holding = checks.submit(() -> reads.stamp("first"));
        waitUntil(() -> asked.size() == 1);
        List<Future<Optional<LedgerStore.Stamp>>> waiting = List.of("b", "c", "d", "b").stream()
                .map(account -> checks.submit(() -> reads.stamp(account))).toList();
        waitUntil(() -> reads.waiting() == 4);
        release.release(2);

        get(holding);
        for (Future<Optional<LedgerStore.Stamp>> check : waiting) {
            assertEquals(7, get(check).orElseThrow().version());
        }
        assertEquals(List.of(Set.of("first"), Set.of("b", "c", "d")), asked);
    }

    @Test
    void an_account_the_query_did_not_find_has_no_stamp() {
        reads = new StampReads("test-stamps", accounts -> stamps(Set.of("known"), 3));
        assertEquals(Optional.empty(), reads.stamp("unknown"));
        assertEquals(3, reads.stamp("known").orElseThrow().version());
    }

    @Test
    void a_failed_query_fails_its_checks_and_the_next_query_is_asked_again() {
        IllegalStateException unreachable = new IllegalStateException("database unreachable");
        AtomicLong queries = new AtomicLong();
        reads = new StampReads("test-stamps", accounts -> {
            if (queries.incrementAndGet() == 1) {
                throw unreachable;
            }
            return stamps(accounts, 5);
        });
        assertSame(unreachable, assertThrows(IllegalStateException.class, () -> reads.stamp("a")));
        assertEquals(5, reads.stamp("a").orElseThrow().version());
    }

    @Test
    void a_closed_reader_refuses_to_read() {
        reads = new StampReads("test-stamps", accounts -> stamps(accounts, 1));
        reads.close();
        assertThrows(IllegalStateException.class, () -> reads.stamp("a"));
    }

    private static Map<String, LedgerStore.Stamp> stamps(Set<String> accounts, long version) {
        return accounts.stream().collect(Collectors.toMap(Function.identity(),
                account -> new LedgerStore.Stamp(version, 0)));
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void acquire(Semaphore release) {
        try {
            if (!release.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test did not release the query");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + PATIENCE);
            }
            Thread.onSpinWait();
        }
    }
}
