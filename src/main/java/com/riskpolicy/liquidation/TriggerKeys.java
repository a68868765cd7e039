package com.riskpolicy.liquidation;

import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Screening keys: a trigger price as a {@code long} on one axis for both sides, so that a tick finds
 * every position it may have reached with one range query.
 *
 * <p>A long reaches its trigger when the mark falls to it or below; a short when the mark rises to
 * it or above. On the axis a short's prices are negated, so on both sides a position is a candidate
 * when {@code markKey(side, mark) <= triggerKey}. Keys are in units of 10^-8 and rounded so that the
 * screen only ever lets more through: triggers up, marks down. The screen never decides: the exact
 * risk ratio of every candidate is computed in {@code BigDecimal} and handed to the rules.
 */
final class TriggerKeys {

    /** The key of a position that no positive mark price brings to the ratio. */
    static final long NEVER = Long.MIN_VALUE;

    private TriggerKeys() {
    }

    static long trigger(PositionSide side, BigDecimal price) {
        return toKey(side == PositionSide.LONG ? price : price.negate(), RoundingMode.CEILING);
    }

    static long mark(PositionSide side, BigDecimal price) {
        return toKey(side == PositionSide.LONG ? price : price.negate(), RoundingMode.FLOOR);
    }

    private static long toKey(BigDecimal axis, RoundingMode rounding) {
        BigDecimal scaled = axis.movePointRight(Money.SCALE).setScale(0, rounding);
        if (scaled.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        if (scaled.compareTo(BigDecimal.valueOf(Long.MIN_VALUE + 1)) <= 0) {
            return Long.MIN_VALUE + 1;
        }
        return scaled.longValue();
    }
}
