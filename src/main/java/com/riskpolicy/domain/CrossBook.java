package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * The cross-wallet figures of an account at the mark prices, worked out in one pass so that a
 * decision computes them once per state.
 *
 * @param riskRatio    cross MM / cross equity; 0 without cross positions; null when unbounded
 * @param transferable what the cross wallet can move into isolated margin, rounded down
 */
public record CrossBook(
        BigDecimal equity,
        BigDecimal initialMargin,
        BigDecimal maintenanceMargin,
        BigDecimal riskRatio,
        BigDecimal transferable) {
}
