package com.riskpolicy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.access.SignInThrottle.Client;
import com.riskpolicy.access.SignInThrottle.Settings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How repeated wrong passwords are slowed down, on a clock of the test's own. */
class SignInThrottleTest {

    private static final Settings SETTINGS = new Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(1), 1_000);
    private static final Client MALLORY = Client.of("10.0.0.7", "platform");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SignInThrottle throttle = new SignInThrottle(SETTINGS, now::get, Runnable::run);

    private void fail(Client caller, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(caller);
        }
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    @Test
    void the_first_failures_are_free_and_the_fifth_makes_the_next_attempt_wait_a_second() {
        fail(MALLORY, 4);
        assertEquals(Duration.ZERO, throttle.waitFor(MALLORY));
        fail(MALLORY, 1);
        assertEquals(Duration.ofSeconds(1), throttle.waitFor(MALLORY));
        pass(Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(600), throttle.waitFor(MALLORY));
        pass(Duration.ofMillis(600));
        assertEquals(Duration.ZERO, throttle.waitFor(MALLORY));
    }

    @Test
    void the_delay_doubles_with_every_further_failure_up_to_the_maximum() {
        fail(MALLORY, 5);
        long[] expectedSeconds = {2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expectedSeconds) {
            pass(throttle.waitFor(MALLORY));
            fail(MALLORY, 1);
            assertEquals(Duration.ofSeconds(seconds), throttle.waitFor(MALLORY));
        }
        fail(MALLORY, 100_000);
        assertEquals(Duration.ofMinutes(5), throttle.waitFor(MALLORY));
    }

    @Test
    void a_success_forgets_the_failures() {
        fail(MALLORY, 5);
        pass(Duration.ofSeconds(1));
        throttle.succeeded(MALLORY);
        fail(MALLORY, 4);
        assertEquals(Duration.ZERO, throttle.waitFor(MALLORY));
    }

    @Test
    void failures_are_forgotten_an_hour_after_the_last_one() {
        fail(MALLORY, 4);
        pass(Duration.ofMinutes(59));
        fail(MALLORY, 1);
        assertEquals(Duration.ofSeconds(1), throttle.waitFor(MALLORY));
        pass(Duration.ofMinutes(61));
        fail(MALLORY, 1);
        assertEquals(Duration.ZERO, throttle.waitFor(MALLORY));
    }

    @Test
    void another_address_or_another_user_name_is_not_affected() {
        fail(MALLORY, 20);
        assertEquals(Duration.ZERO, throttle.waitFor(Client.of("10.0.0.8", "platform")));
        assertEquals(Duration.ZERO, throttle.waitFor(Client.of("10.0.0.7", "auditor")));
    }

    @Test
    void spraying_addresses_and_user_names_keeps_the_state_bounded() {
        for (int i = 0; i < 50_000; i++) {
            throttle.failed(Client.of("10.0." + (i >> 8 & 255) + "." + (i & 255), "user-" + i));
        }
        throttle.cleanUp();
        assertTrue(throttle.tracked() <= SETTINGS.maxEntries(), () -> throttle.tracked() + " tracked");
    }

    @Test
    void a_long_user_name_is_kept_at_a_bounded_length() {
        Client caller = Client.of("10.0.0.7", "x".repeat(8_000));
        assertEquals(SignInThrottle.USER_NAME_CHARACTERS, caller.user().length());
    }

    @Test
    void settings_that_would_let_a_delay_outlive_its_failures_are_refused() {
        assertThrows(IllegalStateException.class, () -> new Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMinutes(1), 1_000));
        assertThrows(IllegalStateException.class, () -> new Settings(0, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofHours(1), 1_000));
        assertThrows(IllegalStateException.class, () -> new Settings(5, Duration.ofMinutes(6), Duration.ofMinutes(5),
                Duration.ofHours(1), 1_000));
    }
}
