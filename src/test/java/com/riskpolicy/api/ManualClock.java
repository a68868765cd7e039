package com.riskpolicy.api;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The sign-in throttle's clock, moved by the test alone: enabled by {@link SignInThrottleProfile} only. */
@Alternative
@Singleton
public class ManualClock implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration time) {
        nanos.addAndGet(time.toNanos());
    }
}
