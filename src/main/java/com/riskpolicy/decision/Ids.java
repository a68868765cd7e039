package com.riskpolicy.decision;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 identifiers for decisions and orders. They only need to be unique, not secret,
 * so they come from {@link ThreadLocalRandom} rather than the slower SecureRandom.
 */
public final class Ids {

    private Ids() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
