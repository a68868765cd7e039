package com.riskpolicy.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code policy.security.sign-in-throttle.*}: how repeated wrong passwords are slowed down ({@link SignInThrottle}). */
@ConfigMapping(prefix = "policy.security.sign-in-throttle")
public interface SignInThrottleConfig {

    /** Failed sign-ins in a row from one address for one user name before the first delay. */
    @WithDefault("5")
    int freeFailures();

    /** The first delay; it doubles with every further failure. */
    @WithDefault("PT1S")
    Duration baseDelay();

    @WithDefault("PT5M")
    Duration maxDelay();

    /** Failures are forgotten this long after the last one (at least max-delay). */
    @WithDefault("PT1H")
    Duration forgetAfter();

    /**
     * Pairs of address and user name remembered at most, whatever the number of addresses or names
     * tried: about 340 bytes each at most (an IPv6 address and a 64-character name), so 17 MB.
     */
    @WithDefault("50000")
    long maxEntries();

    default SignInThrottle.Settings settings() {
        return new SignInThrottle.Settings(freeFailures(), baseDelay(), maxDelay(), forgetAfter(), maxEntries());
    }
}
