package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one place where decimal arithmetic is configured and rounded.
 *
 * <p>Every computation runs at {@link #MC} (DECIMAL128, 34 significant digits). Amounts leave the
 * service, and are stored, at {@link #SCALE} decimal places: output is rounded HALF_EVEN, an amount
 * the account must cover is rounded up (never under-funded) and what the account can spare
 * ({@code transferable}) is rounded down.
 */
public final class Money {

    public static final MathContext MC = MathContext.DECIMAL128;
    public static final int SCALE = 8;

    /** Decimal places of stored prices, quantities and leverages (inputs accept at most 18). */
    public static final int PRICE_SCALE = 18;

    /** The smallest amount the ledger can hold: 0.00000001. */
    public static final BigDecimal UNIT = BigDecimal.ONE.movePointLeft(SCALE);

    private Money() {
    }

    /** Rounds for display and storage: HALF_EVEN at scale 8. */
    public static BigDecimal out(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** Rounds a derived price (an averaged entry price) to the scale the ledger stores. */
    public static BigDecimal price(BigDecimal value) {
        return value.setScale(PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Rounds an amount that must be covered up to scale 8, so a requirement is never under-funded. */
    public static BigDecimal requirement(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.CEILING);
    }

    /** Rounds an amount the account can give down to scale 8, so it never promises more than it has. */
    public static BigDecimal available(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.FLOOR);
    }

    /**
     * {@code a + b} at {@link #MC}. {@link BigDecimal#add(BigDecimal, MathContext)} turns both operands
     * into {@code BigInteger}s whatever their size; the exact sum, rounded only when it has more
     * digits than {@link #MC} holds, is the same value at the same scale, in {@code long}s while the
     * operands fit in them (issue 15: a quarter of what a decision allocated).
     */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        if (isNeutral(b, a)) {
            return a;
        }
        if (isNeutral(a, b)) {
            return b;
        }
        return nearScales(a, b) ? atContext(a.add(b)) : a.add(b, MC);
    }

    /** {@code a − b} at {@link #MC}, as {@link #add}. */
    public static BigDecimal subtract(BigDecimal a, BigDecimal b) {
        if (isNeutral(b, a)) {
            return a;
        }
        return nearScales(a, b) ? atContext(a.subtract(b)) : a.subtract(b, MC);
    }

    /**
     * Whether adding {@code zero} leaves {@code other} as it is, scale included: a zero at no larger a
     * scale, to a value the context holds unrounded. Sums that start from zero are most of a cross
     * book's, and each made a new {@code BigDecimal} equal to its other operand (issue 15).
     */
    private static boolean isNeutral(BigDecimal zero, BigDecimal other) {
        return zero.signum() == 0 && zero.scale() <= other.scale() && other.precision() <= MC.getPrecision();
    }

    /** Whether the exact sum has few enough digits to work out: scales far apart would need billions. */
    private static boolean nearScales(BigDecimal a, BigDecimal b) {
        return Math.abs((long) a.scale() - b.scale()) <= 2L * MC.getPrecision();
    }

    private static BigDecimal atContext(BigDecimal exact) {
        return exact.precision() > MC.getPrecision() ? exact.round(MC) : exact;
    }

    /**
     * {@code a × b} at {@link #MC}. A factor of exactly 1 (scale 0: a collateral ratio of 1, the
     * valuation currency's price) gives the other factor back, which is what {@link
     * BigDecimal#multiply(BigDecimal, MathContext)} returns too, as a new object.
     */
    public static BigDecimal multiply(BigDecimal a, BigDecimal b) {
        if (BigDecimal.ONE.equals(b) && a.precision() <= MC.getPrecision()) {
            return a;
        }
        if (BigDecimal.ONE.equals(a) && b.precision() <= MC.getPrecision()) {
            return b;
        }
        return a.multiply(b, MC);
    }

    /**
     * {@code a / b} at {@link #MC}. A quotient that terminates within 18 digits (a notional over its
     * leverage, mostly) is computed in {@code long}s first: {@link BigDecimal#divide(BigDecimal,
     * MathContext)} goes through {@code BigInteger} arithmetic for every division at 34 digits,
     * and that was over a quarter of what a check allocated. Same value and same scale either way.
     */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        BigDecimal quotient = terminatingQuotient(a, b);
        return quotient != null ? quotient : a.divide(b, MC);
    }

    /**
     * The exact quotient at the smallest scale from {@code a.scale() - b.scale()} up that holds it,
     * as {@code BigDecimal.divide} returns an exact quotient; null when either operand has more than
     * 18 digits or the quotient does not end within a {@code long}.
     */
    private static BigDecimal terminatingQuotient(BigDecimal a, BigDecimal b) {
        if (a.precision() > 18 || b.precision() > 18 || b.signum() == 0) {
            return null;
        }
        long dividend = a.scaleByPowerOfTen(a.scale()).longValue();
        long divisor = b.scaleByPowerOfTen(b.scale()).longValue();
        long scale = (long) a.scale() - b.scale();
        for (int digits = 0; digits <= 18; digits++) {
            if (dividend % divisor == 0) {
                long quotientScale = scale + digits;
                return quotientScale == (int) quotientScale ? BigDecimal.valueOf(dividend / divisor, (int) quotientScale)
                        : null;
            }
            if (Math.abs(dividend) > Long.MAX_VALUE / 10) {
                return null;
            }
            dividend *= 10;
        }
        return null;
    }

    public static boolean isPositive(BigDecimal value) {
        return value.signum() > 0;
    }

    public static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
