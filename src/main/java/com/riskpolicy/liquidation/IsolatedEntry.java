package com.riskpolicy.liquidation;

import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;

/**
 * An isolated position as the liquidation index holds it: what its risk ratio depends on, and the
 * screening keys of the mark prices at which it reaches the liquidation and the margin-call risk
 * ratios ({@link TriggerKeys}). Immutable; replaced whenever the position changes.
 */
record IsolatedEntry(
        String accountId,
        String symbol,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        BigDecimal isolatedMargin,
        long liquidationKey,
        long marginCallKey) {

    boolean sameTerms(IsolatedEntry other) {
        return other != null && side == other.side
                && quantity.compareTo(other.quantity) == 0
                && entryPrice.compareTo(other.entryPrice) == 0
                && isolatedMargin.compareTo(other.isolatedMargin) == 0;
    }
}
