package com.riskpolicy.decisionlog;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Takes decisions off the request path: a bounded queue that deciding threads fill, and one thread
 * that drains it in batches, each written in one transaction. Nothing is dropped: a producer that
 * finds the queue full waits for room (up to {@code maxWait}, then its decision is refused rather
 * than lost); a batch the store cannot take is retried until it can; {@link #close} writes
 * everything queued before it returns.
 *
 * <p>Entries are whatever the store takes ({@code E}): the service queues {@link LogRow}s, made on
 * the deciding thread.
 *
 * <p>Only an entry the store refuses for its own sake (a data or constraint error, SQLSTATE class
 * 22 or 23) is not retried: it goes to the service log at ERROR, whole, instead.
 */
public final class DecisionLogWriter<E> {

    private static final Logger LOG = Logger.getLogger(DecisionLogWriter.class);
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Where batches go; throws when it did not store them. */
    @FunctionalInterface
    public interface Store<E> {
        void write(List<E> batch);
    }

    private sealed interface Item<E> permits Entry, Marker {
    }

    private record Entry<E>(E value) implements Item<E> {
    }

    /** Reached once everything queued before it is written; {@code last} stops the writer. */
    private record Marker<E>(CountDownLatch reached, boolean last) implements Item<E> {
    }

    private final BlockingQueue<Item<E>> queue;
    private final int batchSize;
    private final long batchDelayNanos;
    private final long maxWaitNanos;
    private final Store<E> store;
    private final Function<E, String> describe;
    private final Thread thread;
    /** Producers hold it shared while they enqueue; {@link #close} takes it to stop them. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final LongAdder waited = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder notStored = new LongAdder();
    private final AtomicInteger markersQueued = new AtomicInteger();
    private volatile boolean closed;
    /** {@link System#nanoTime()} after which the writer stops retrying (set by close). */
    private volatile long giveUpAt;
    private volatile boolean givingUp;
    /** Entries accepted and not yet stored (or given up on), queued or in the batch being written. */
    private final AtomicInteger unwritten = new AtomicInteger();

    /**
     * @param batchDelay how long the writer lets a batch fill after its first entry (a flush does
     *                   not wait for it): fewer, larger transactions cost the machine less
     * @param describe   an entry in full for the service log, for one the store refuses
     */
    public DecisionLogWriter(int capacity, int batchSize, Duration batchDelay, Duration maxWait, Store<E> store,
                             Function<E, String> describe) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batch size must be positive: " + capacity + ", " + batchSize);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.batchDelayNanos = batchDelay.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.store = store;
        this.describe = describe;
        this.thread = new Thread(this::run, "decision-log-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a decision; waits while the queue is full.
     *
     * @throws DecisionLogUnavailableException when it stayed full for the maximum wait, or the log is closed
     */
    public void accept(E value) {
        Entry<E> entry = new Entry<>(value);
        gate.readLock().lock();
        try {
            if (closed) {
                refused.increment();
                throw new DecisionLogUnavailableException("The decision log is closed: the service is shutting down.");
            }
            if (queue.offer(entry)) {
                unwritten.incrementAndGet();
                return;
            }
            waited.increment();
            if (!queue.offer(entry, maxWaitNanos, TimeUnit.NANOSECONDS)) {
                refused.increment();
                throw new DecisionLogUnavailableException("The decision log could not keep up: its queue of "
                        + (queue.size() + queue.remainingCapacity()) + " entries stayed full for "
                        + Duration.ofNanos(maxWaitNanos) + ".");
            }
            unwritten.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.increment();
            throw new DecisionLogUnavailableException("Interrupted while waiting for room in the decision log.");
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Entries waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /**
     * Entries accepted and not yet stored: those queued and the batch being written. A crash loses
     * them; there are never more than the queue's capacity plus one batch.
     */
    public int unwritten() {
        // the writer may store an entry a moment before its producer counts it
        return Math.max(0, unwritten.get());
    }

    /** How often a producer found the queue full and had to wait. */
    public long waited() {
        return waited.sum();
    }

    /** Decisions refused because the queue stayed full or the log was closed. */
    public long refused() {
        return refused.sum();
    }

    /** Entries the store refused, written to the service log instead. */
    public long notStored() {
        return notStored.sum();
    }

    /** Waits until everything queued before this call is written; false if that took longer than {@code timeout}. */
    public boolean flush(Duration timeout) throws InterruptedException {
        Marker<E> marker = new Marker<>(new CountDownLatch(1), false);
        gate.readLock().lock();
        try {
            if (closed) {
                thread.join(timeout.toMillis());
                return !thread.isAlive();
            }
            if (!enqueue(marker, timeout.toNanos())) {
                return false;
            }
        } finally {
            gate.readLock().unlock();
        }
        return marker.reached().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Refuses new entries, writes every queued one and stops the writer. If the store still cannot
     * take them when {@code timeout} is up, what is left goes to the service log.
     *
     * @return true when every entry was written
     */
    public boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        gate.writeLock().lock();
        boolean first = !closed;
        try {
            closed = true;
            giveUpAt = deadline;
            givingUp = true;
        } finally {
            gate.writeLock().unlock();
        }
        try {
            if (first && thread.isAlive()) {
                enqueue(new Marker<>(new CountDownLatch(1), true), deadline - System.nanoTime());
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive() && queue.isEmpty() && notStored.sum() == 0;
    }

    /** Queues a marker and wakes the writer from its batch delay: a flush or a close does not wait for it. */
    private boolean enqueue(Marker<E> marker, long timeoutNanos) throws InterruptedException {
        markersQueued.incrementAndGet();
        if (!queue.offer(marker, timeoutNanos, TimeUnit.NANOSECONDS)) {
            markersQueued.decrementAndGet();
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    private void run() {
        List<Item<E>> items = new ArrayList<>(batchSize);
        List<E> batch = new ArrayList<>(batchSize);
        boolean last = false;
        while (!last) {
            try {
                take(items);
            } catch (InterruptedException e) {
                // only the last marker stops the writer: entries may still be queued
                continue;
            }
            for (Item<E> item : items) {
                if (item instanceof Entry<E> entry) {
                    batch.add(entry.value());
                }
            }
            if (!batch.isEmpty()) {
                write(batch);
                unwritten.addAndGet(-batch.size());
            }
            for (Item<E> item : items) {
                if (item instanceof Marker<E> marker) {
                    markersQueued.decrementAndGet();
                    marker.reached().countDown();
                    last |= marker.last();
                }
            }
            items.clear();
            batch.clear();
        }
    }

    /**
     * Waits for an entry; unless that fills a batch or a marker waits, sleeps for the batch delay
     * and then takes what came meanwhile. The writer sleeps rather than waits on the queue: a
     * writer waiting there is woken by every single decision, at the cost of a system call and a
     * context switch on the deciding thread each time.
     */
    private void take(List<Item<E>> items) throws InterruptedException {
        items.add(queue.take());
        queue.drainTo(items, batchSize - items.size());
        if (items.size() >= batchSize || markersQueued.get() > 0) {
            return;
        }
        long deadline = System.nanoTime() + batchDelayNanos;
        for (long left = batchDelayNanos; left > 0 && markersQueued.get() == 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        queue.drainTo(items, batchSize - items.size());
    }

    private void write(List<E> batch) {
        List<E> pending = batch;
        long backoff = FIRST_BACKOFF_MILLIS;
        int attempts = 0;
        while (true) {
            RuntimeException failure;
            try {
                store.write(pending);
                if (attempts > 0) {
                    LOG.infof("decision log: stored %d entries after %d failed attempts", pending.size(), attempts);
                }
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
            attempts++;
            if (refusesEntry(failure)) {
                pending = pending.size() == 1 ? notStored(pending, failure) : oneByOne(pending);
                if (pending.isEmpty()) {
                    return;
                }
            }
            if (givingUp && System.nanoTime() - giveUpAt > 0) {
                LOG.errorf(failure, "decision log: shutting down while the store cannot take %d entries", pending.size());
                notStored(pending, failure);
                return;
            }
            if (attempts == 1 || attempts % 10 == 0) {
                LOG.errorf(failure, "decision log: could not store %d entries (attempt %d); retrying, deciding threads"
                        + " wait once the queue is full", pending.size(), attempts);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                // keep the entries: only close() ends the writer
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Tells the entry the store refuses from a store that is down; returns the entries still to write. */
    private List<E> oneByOne(List<E> entries) {
        List<E> failed = new ArrayList<>();
        for (E entry : entries) {
            try {
                store.write(List.of(entry));
            } catch (RuntimeException e) {
                if (refusesEntry(e)) {
                    notStored(List.of(entry), e);
                } else {
                    failed.add(entry);
                }
            }
        }
        return failed;
    }

    private List<E> notStored(List<E> entries, RuntimeException failure) {
        for (E entry : entries) {
            notStored.increment();
            String full;
            try {
                full = describe.apply(entry);
            } catch (RuntimeException e) {
                full = entry.toString();
            }
            LOG.errorf("decision log: could not store an entry (%s); the entry in full: %s", failure.getMessage(), full);
        }
        return List.of();
    }

    /** A data exception (SQLSTATE 22xxx) or an integrity constraint violation (23xxx): the entry's fault. */
    private static boolean refusesEntry(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
