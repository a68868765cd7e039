package com.riskpolicy.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Slows down password guessing (docs/api.md, Access): failed sign-ins are counted per client address and
 * user name; after {@code freeFailures} in a row, that address may try that user name again only
 * after a delay, {@code baseDelay} at first and doubling with every further failure up to
 * {@code maxDelay}. Until the delay has passed, every attempt is refused unchecked, the right
 * password included, or guessing would go on at full speed; a successful sign-in forgets the
 * failures, and so does {@code forgetAfter} without one. Other addresses are not affected, so an
 * attacker cannot lock a user out.
 *
 * <p>Unknown user names are counted like known ones: otherwise being throttled would tell which
 * names exist. The state is a bounded Caffeine cache ({@code maxEntries} pairs of address and user
 * name, the name cut to {@value #USER_NAME_CHARACTERS} characters), so spraying names or addresses
 * cannot exhaust the heap. Evicting a throttled pair is the way around it that remains, and an
 * expensive one: Caffeine evicts by frequency, and a full cache of 50,000 kept a throttled pair
 * through 500,000 sprayed failures of other pairs (a cache not yet half full, through about as many
 * as it holds); the failure counter shows such a spray.
 *
 * <p>Checking, verifying the password and counting are not one atomic step, so attempts already
 * being verified when the delay begins still count: at most one per event-loop thread, as the
 * check runs on the I/O thread without waiting.
 */
public final class SignInThrottle {

    static final int USER_NAME_CHARACTERS = 64;

    /** Who is signing in: the client's address and the user name it gave. */
    public record Client(String address, String user) {

        public static Client of(String address, String user) {
            return new Client(address, user.length() > USER_NAME_CHARACTERS ? user.substring(0, USER_NAME_CHARACTERS) : user);
        }
    }

    /** Failed sign-ins in a row, and until when (ticker nanoseconds) the next attempt must wait. */
    private record Failures(int count, long waitUntil) {
    }

    public record Settings(int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter,
                           long maxEntries) {

        public Settings {
            if (freeFailures < 1 || baseDelay.compareTo(Duration.ZERO) <= 0 || maxDelay.compareTo(baseDelay) < 0
                    || forgetAfter.compareTo(maxDelay) < 0 || maxEntries < 1) {
                throw new IllegalStateException("policy.security.sign-in-throttle needs free-failures >= 1,"
                        + " 0 < base-delay <= max-delay <= forget-after and max-entries >= 1, not " + this);
            }
        }
    }

    private final Settings settings;
    private final Ticker ticker;
    private final Cache<Client, Failures> failures;

    /** @param ticker the clock of the delays, in nanoseconds ({@link Ticker#systemTicker()}) */
    public SignInThrottle(Settings settings, Ticker ticker) {
        this(settings, ticker, null);
    }

    /** With an executor of its own for evictions, for tests; a null executor is Caffeine's. */
    SignInThrottle(Settings settings, Ticker ticker, Executor maintenance) {
        this.settings = settings;
        this.ticker = ticker;
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.forgetAfter())
                .ticker(ticker);
        if (maintenance != null) {
            builder.executor(maintenance);
        }
        this.failures = builder.build();
    }

    /** How long this caller must still wait before its credentials are checked: zero when it need not. */
    public Duration waitFor(Client caller) {
        Failures recent = failures.getIfPresent(caller);
        if (recent == null) {
            return Duration.ZERO;
        }
        long remaining = recent.waitUntil() - ticker.read();
        return remaining > 0 ? Duration.ofNanos(remaining) : Duration.ZERO;
    }

    /** The caller's credentials were wrong: one more failure, and a delay from the {@code freeFailures}-th on. */
    public void failed(Client caller) {
        failures.asMap().compute(caller, (key, recent) -> {
            int count = recent == null ? 1 : Math.min(recent.count(), Integer.MAX_VALUE - 1) + 1;
            long now = ticker.read();
            return new Failures(count, count < settings.freeFailures() ? now : now + delay(count).toNanos());
        });
    }

    public void succeeded(Client caller) {
        failures.invalidate(caller);
    }

    /** Pairs of address and user name with recent failures. */
    public long tracked() {
        return failures.estimatedSize();
    }

    void cleanUp() {
        failures.cleanUp();
    }

    /** The wait after {@code count} failures in a row: base, doubled per failure past the free ones, capped. */
    Duration delay(int count) {
        int doublings = count - settings.freeFailures();
        long base = settings.baseDelay().toNanos();
        long max = settings.maxDelay().toNanos();
        if (doublings >= Long.SIZE - 1 || base > max >> doublings) {
            return settings.maxDelay();
        }
        return Duration.ofNanos(base << doublings);
    }
}
