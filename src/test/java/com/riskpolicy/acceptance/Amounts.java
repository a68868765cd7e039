package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;

/**
 * Decimal comparisons for the features' expectations. The service writes amounts with 8 decimals
 * ("600.00000000") and quantities without trailing zeros, so values are compared by value, never as text.
 */
final class Amounts {

    private Amounts() {
    }

    static void assertAmount(String what, BigDecimal expected, BigDecimal actual) {
        assertNotNull(actual, what + ": expected " + expected.toPlainString() + " but the service gave none");
        if (expected.compareTo(actual) != 0) {
            fail(what + ": expected " + expected.toPlainString() + " but was " + actual.toPlainString());
        }
    }
}
