package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * An open one-way position as the ledger holds it. {@code isolatedMargin} is zero for a cross position.
 */
public record Position(
        String symbol,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        BigDecimal leverage,
        MarginMode mode,
        BigDecimal isolatedMargin) {

    public boolean isIsolated() {
        return mode == MarginMode.ISOLATED;
    }
}
