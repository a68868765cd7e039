package com.riskpolicy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests for something that happens on another thread or in the background: polls a
 * condition until it holds or a generous deadline passes, never a fixed pause, so a test neither
 * waits longer than needed on a quiet machine nor fails on a busy one.
 */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Reads until {@code done} holds for the value read or {@code timeout} passes; the last value read. */
    public static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            value = read.get();
        }
        return value;
    }

    /** Whether {@code condition} came to hold within {@code timeout}. */
    public static boolean until(BooleanSupplier condition, Duration timeout) {
        return until(condition::getAsBoolean, Boolean::booleanValue, timeout);
    }
}
