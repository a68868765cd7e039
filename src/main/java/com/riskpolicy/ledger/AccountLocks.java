package com.riskpolicy.ledger;

import jakarta.enterprise.context.ApplicationScoped;
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
        ReentrantLock lock = locks[Math.floorMod(accountId.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
