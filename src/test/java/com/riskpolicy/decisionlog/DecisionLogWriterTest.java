package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Outcome;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer behind the decision log, without Quarkus: nothing queued is lost, nothing is dropped. */
class DecisionLogWriterTest {

    /** Keeps what it is given; optionally slow, failing or waiting for a gate. */
    static final class MemoryStore implements DecisionLogWriter.Store<LoggedDecision> {
        final List<LoggedDecision> stored = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile long millisPerBatch;
        volatile int failuresToCome;
        volatile String refusedId;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void write(List<LoggedDecision> batch) {
            try {
                gate.await();
                Thread.sleep(millisPerBatch);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failuresToCome > 0) {
                failuresToCome--;
                throw new IllegalStateException("database unavailable", new SQLException("connection refused", "08001"));
            }
            if (batch.stream().anyMatch(d -> d.decision().decisionId().equals(refusedId))) {
                throw new IllegalStateException("refused", new SQLException("value too long", "22001"));
            }
            stored.addAll(batch);
            batchSizes.add(batch.size());
        }

        List<String> ids() {
            synchronized (stored) {
                return stored.stream().map(d -> d.decision().decisionId()).toList();
            }
        }
    }

    static LoggedDecision decision(String id) {
        AccountSnapshot account = new AccountSnapshot("writer-acc", Map.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of());
        Decision decision = new Decision(id, Action.SWITCH_MARGIN_MODE, Outcome.ALLOW, List.of(), List.of(), null,
                "sha256:test", List.of(), Instant.now());
        return new LoggedDecision(DecisionSource.CHECK, account, new ActionRequest.SwitchMarginMode("BTCUSDT",
                MarginMode.ISOLATED), decision, 1, "anonymous");
    }

    static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("d-" + i);
        }
        return ids;
    }

    @Test
    void closing_writes_everything_queued_before_it_returns() {
        MemoryStore store = new MemoryStore();
        store.millisPerBatch = 20;
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(5_000, 100, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        ids(3_000).forEach(id -> writer.accept(decision(id)));
        assertTrue(writer.depth() > 0, "a slow store leaves entries queued when close begins");

        assertTrue(writer.close(Duration.ofSeconds(30)));
        assertEquals(ids(3_000), store.ids());
        assertTrue(store.batchSizes.stream().allMatch(size -> size <= 100), "batches of at most the batch size");
        assertEquals(0, writer.depth());
    }

    @Test
    void what_a_crash_would_lose_is_counted_queued_and_in_the_batch_being_written() throws Exception {
        MemoryStore store = new MemoryStore();
        store.gate = new CountDownLatch(1);
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(100, 3, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        ids(10).forEach(id -> writer.accept(decision(id)));
        // the blocked store holds a batch of 3 taken from the queue; 7 are still queued
        assertTrue(Await.until(() -> writer.depth() == 7, Duration.ofSeconds(5)));
        assertEquals(10, writer.unwritten());

        store.gate.countDown();
        assertTrue(writer.flush(Duration.ofSeconds(5)));
        assertEquals(0, writer.unwritten());
        assertTrue(writer.close(Duration.ofSeconds(5)));
    }

    @Test
    void after_closing_a_decision_is_refused_not_dropped() {
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(10, 10, Duration.ofMillis(5), Duration.ofSeconds(1), new MemoryStore(), d -> "");
        writer.start();
        writer.close(Duration.ofSeconds(5));
        assertThrows(DecisionLogUnavailableException.class, () -> writer.accept(decision("late")));
        assertEquals(1, writer.refused());
    }

    @Test
    void a_full_queue_makes_the_deciding_thread_wait_for_room() throws Exception {
        MemoryStore store = new MemoryStore();
        store.gate = new CountDownLatch(1);
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(2, 1, Duration.ofMillis(5), Duration.ofSeconds(10), store, d -> "");
        writer.start();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            // one entry held by the blocked store, two in the queue: the fourth must wait
            writer.accept(decision("d-0"));
            Await.until(() -> writer.depth() == 0, Duration.ofSeconds(5));
            Future<?> filling = producer.submit(() -> ids(4).stream().skip(1).forEach(id -> writer.accept(decision(id))));
            Await.until(() -> writer.waited() > 0, Duration.ofSeconds(5));
            assertEquals(1, writer.waited());
            assertFalse(filling.isDone());

            store.gate.countDown();
            filling.get(5, TimeUnit.SECONDS);
            assertTrue(writer.flush(Duration.ofSeconds(5)));
            assertEquals(ids(4), store.ids());
            assertEquals(0, writer.refused());
        } finally {
            producer.shutdownNow();
            store.gate.countDown();
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_queue_that_stays_full_refuses_the_decision_after_the_maximum_wait() {
        MemoryStore store = new MemoryStore();
        store.gate = new CountDownLatch(1);
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(1, 1, Duration.ofMillis(5), Duration.ofMillis(200), store, d -> "");
        writer.start();
        try {
            writer.accept(decision("held"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (writer.depth() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            writer.accept(decision("queued"));
            assertThrows(DecisionLogUnavailableException.class, () -> writer.accept(decision("refused")));
            assertEquals(1, writer.refused());
        } finally {
            store.gate.countDown();
            assertTrue(writer.close(Duration.ofSeconds(5)));
        }
        assertEquals(List.of("held", "queued"), store.ids());
    }

    @Test
    void a_store_that_is_down_is_retried_until_it_takes_the_batch() throws Exception {
        MemoryStore store = new MemoryStore();
        store.failuresToCome = 3;
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(100, 100, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        ids(10).forEach(id -> writer.accept(decision(id)));
        assertTrue(writer.flush(Duration.ofSeconds(10)));
        assertEquals(ids(10), store.ids());
        assertEquals(0, writer.notStored());
        writer.close(Duration.ofSeconds(5));
    }

    @Test
    void an_entry_the_store_refuses_goes_to_the_service_log_and_the_rest_of_its_batch_is_written() throws Exception {
        MemoryStore store = new MemoryStore();
        store.refusedId = "d-4";
        store.gate = new CountDownLatch(1);
        AtomicInteger described = new AtomicInteger();
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(100, 100, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> {
            described.incrementAndGet();
            return d.decision().decisionId();
        });
        writer.start();
        ids(10).forEach(id -> writer.accept(decision(id)));
        store.gate.countDown();
        assertTrue(writer.flush(Duration.ofSeconds(10)));
        List<String> expected = new ArrayList<>(ids(10));
        expected.remove("d-4");
        assertEquals(expected.size(), store.ids().size());
        assertTrue(store.ids().containsAll(expected));
        assertEquals(1, writer.notStored());
        assertEquals(1, described.get());
        assertFalse(writer.close(Duration.ofSeconds(5)), "close reports that an entry was not stored");
    }

    @Test
    void entries_arriving_within_the_batch_delay_are_written_in_one_transaction() throws Exception {
        MemoryStore store = new MemoryStore();
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(100, 100, Duration.ofSeconds(2), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        List<String> ids = ids(10);
        writer.accept(decision(ids.get(0)));
        // the writer has taken the first entry and lets its batch fill: the others arrive meanwhile
        Await.until(() -> writer.depth() == 0, Duration.ofSeconds(5));
        ids.stream().skip(1).forEach(id -> writer.accept(decision(id)));
        Await.until(() -> store.stored.size() >= 10, Duration.ofSeconds(10));
        assertEquals(List.of(10), store.batchSizes);
        writer.close(Duration.ofSeconds(5));
    }

    @Test
    void a_flush_does_not_wait_for_the_batch_delay() throws Exception {
        MemoryStore store = new MemoryStore();
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(100, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        writer.accept(decision("d-0"));
        long start = System.nanoTime();
        assertTrue(writer.flush(Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "flushed without waiting 30 s");
        assertEquals(List.of("d-0"), store.ids());
        writer.close(Duration.ofSeconds(5));
    }

    @Test
    void flush_waits_for_every_entry_queued_before_it() throws Exception {
        MemoryStore store = new MemoryStore();
        store.millisPerBatch = 5;
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(1_000, 10, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        ids(200).forEach(id -> writer.accept(decision(id)));
        assertTrue(writer.flush(Duration.ofSeconds(10)));
        assertEquals(200, store.stored.size());
        writer.close(Duration.ofSeconds(5));
    }

    @Test
    void producers_on_many_threads_lose_nothing_across_a_close() throws Exception {
        MemoryStore store = new MemoryStore();
        DecisionLogWriter<LoggedDecision> writer = new DecisionLogWriter<>(64, 16, Duration.ofMillis(5), Duration.ofSeconds(5), store, d -> "");
        writer.start();
        ExecutorService producers = Executors.newFixedThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(producers.submit(() -> {
                started.countDown();
                for (int i = 0; i < 100_000; i++) {
                    try {
                        writer.accept(decision("t" + thread + "-" + i));
                        accepted.incrementAndGet();
                    } catch (DecisionLogUnavailableException closed) {
                        return;
                    }
                }
            }));
        }
        started.await();
        // close while every producer is still deciding
        Await.until(() -> accepted.get() >= 1_000, Duration.ofSeconds(10));
        assertTrue(writer.close(Duration.ofSeconds(30)));
        for (Future<?> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        producers.shutdown();
        assertEquals(accepted.get(), store.stored.size(), "every accepted decision is stored");
    }
}
