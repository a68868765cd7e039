package com.riskpolicy.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the mutations of one account inside this process, so that concurrent requests queue
 * here instead of timing out on the database row lock (which each transaction still takes).
 * Striped: accounts share a fixed set of locks, so memory does not grow with the number of accounts.
 */
@ApplicationScoped
class AccountLocks {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    AccountLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    <T> T withLock(String accountId, Supplier<T> work) {
        ReentrantLock lock = stripe(accountId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a thread waits for the lock {@code accountId} shares with other accounts: for diagnostics and tests. */
    boolean contended(String accountId) {
        return stripe(accountId).hasQueuedThreads();
    }

    private ReentrantLock stripe(String accountId) {
        return locks[Math.floorMod(accountId.hashCode(), STRIPES)];
    }

    /**
     * Locks taken one by one and released together: a mark-price tick holds every account it touches
     * until its changes are committed. Safe against deadlock because a single writer at a time holds
     * more than one stripe (ticks run one after another) and nobody waits for anything else while
     * holding a stripe.
     */
    Held hold() {
        return new Held();
    }

    final class Held implements AutoCloseable {
        private final List<ReentrantLock> held = new ArrayList<>();

        void lock(String accountId) {
            ReentrantLock lock = stripe(accountId);
            if (!lock.isHeldByCurrentThread()) {
                lock.lock();
                held.add(lock);
            }
        }

        @Override
        public void close() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            held.clear();
        }
    }
}
