package com.riskpolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Money's sums, differences and quotients are exactly what {@code BigDecimal}'s {@code add},
 * {@code subtract} and {@code divide} at DECIMAL128 give, scale included.
 */
class MoneyTest {

    private static void sameAsBigDecimal(BigDecimal a, BigDecimal b) {
        BigDecimal expected = a.divide(b, Money.MC);
        BigDecimal actual = Money.divide(a, b);
        // equals, not compareTo: the scale must be the same too
        assertEquals(expected, actual, a + " / " + b);
    }

    @Test
    void quotients_that_end_and_those_that_do_not_are_those_of_big_decimal() {
        List<String> values = List.of("6000", "6000.0", "600.00", "10050.25", "0", "0.000", "-0", "1", "-1", "3", "7",
                "20", "125", "0.5", "0.1", "0.00000001", "1E+3", "1E-20", "2.5E+5", "-6000.75", "999999999999999999",
                "-999999999999999999", "100000000000000000", "123456789.123456789", "0.333333333333333333",
                "1000000000000000000", "12345678901234567890.5", "1E+2147483000", "1E-2147483000");
        for (String a : values) {
            for (String b : values) {
                BigDecimal divisor = new BigDecimal(b);
                if (divisor.signum() == 0) {
                    assertThrows(ArithmeticException.class, () -> Money.divide(new BigDecimal(a), divisor));
                    continue;
                }
                try {
                    new BigDecimal(a).divide(divisor, Money.MC);
                } catch (ArithmeticException outOfRange) {
                    assertThrows(ArithmeticException.class, () -> Money.divide(new BigDecimal(a), divisor), a + " / " + b);
                    continue;
                }
                sameAsBigDecimal(new BigDecimal(a), divisor);
            }
        }
    }

    @Test
    void random_amounts_over_random_leverages_and_prices_divide_as_big_decimal_does() {
        Random random = new Random(20261126);
        for (int i = 0; i < 200_000; i++) {
            BigDecimal a = new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000_000_000L)
                    .shiftRight(random.nextInt(60)), random.nextInt(24) - 4);
            BigDecimal b = i % 2 == 0
                    ? BigDecimal.valueOf(1 + random.nextInt(125))
                    : new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L)
                    .shiftRight(random.nextInt(40)), random.nextInt(20) - 2);
            if (b.signum() != 0) {
                sameAsBigDecimal(a, b);
            }
        }
    }

    private static void sumsAsBigDecimal(BigDecimal a, BigDecimal b) {
        // equals, not compareTo: the scale must be the same too
        assertEquals(a.add(b, Money.MC), Money.add(a, b), a + " + " + b);
        assertEquals(a.subtract(b, Money.MC), Money.subtract(a, b), a + " - " + b);
    }

    @Test
    void sums_and_differences_are_those_of_big_decimal_at_the_context() {
        List<String> values = List.of("6000", "6000.0", "600.00", "10050.25", "0", "0.000", "-0", "0E+5", "1", "-1",
                "0.5", "0.00000001", "1E+3", "1E-20", "2.5E+5", "-6000.75", "999999999999999999",
                "-999999999999999999", "9223372036854775807", "-9223372036854775808",
                "60250.500000000000000000", "123456789.123456789", "0.333333333333333333333333333333333333",
                "12345678901234567890.5", "1234567890123456789012345678901234.5", "-0.0000000000000000000000000000000000001",
                "1E+40", "1E-40", "9999999999999999999999999999999999", "1E+2147483000", "1E-2147483000");
        for (String a : values) {
            for (String b : values) {
                sumsAsBigDecimal(new BigDecimal(a), new BigDecimal(b));
            }
        }
    }

    @Test
    void products_are_those_of_big_decimal_at_the_context() {
        List<String> values = List.of("1", "1.0", "1.00000000", "-1", "0", "0.000", "-0", "0E+5", "6000", "0.95",
                "10050.25", "0.00000001", "1E+3", "1E-20", "999999999999999999", "9223372036854775807",
                "0.333333333333333333333333333333333333", "1234567890123456789012345678901234.5",
                "9999999999999999999999999999999999", "1E+40", "1E-40");
        for (String a : values) {
            for (String b : values) {
                BigDecimal x = new BigDecimal(a);
                BigDecimal y = new BigDecimal(b);
                // equals, not compareTo: the scale must be the same too
                assertEquals(x.multiply(y, Money.MC), Money.multiply(x, y), a + " × " + b);
            }
        }
    }

    @Test
    void random_amounts_add_and_subtract_as_big_decimal_does() {
        Random random = new Random(20261206);
        for (int i = 0; i < 200_000; i++) {
            BigDecimal a = new BigDecimal(BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(70))
                    .shiftRight(random.nextInt(64)), random.nextInt(44) - 6);
            BigDecimal b = new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L)
                    .shiftRight(random.nextInt(40)), random.nextInt(30) - 4);
            sumsAsBigDecimal(a, b);
        }
    }
}
