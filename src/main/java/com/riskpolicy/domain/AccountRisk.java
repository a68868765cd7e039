package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * The cross-wallet figures of an account at the mark prices, at full precision.
 *
 * @param crossRiskRatio cross MM / cross equity; 0 without cross positions; null when unbounded
 * @param transferable   what the cross wallet can move into an isolated position, rounded down
 */
public record AccountRisk(
        BigDecimal crossEquity,
        BigDecimal crossInitialMargin,
        BigDecimal crossMaintenanceMargin,
        BigDecimal crossRiskRatio,
        BigDecimal transferable,
        List<PositionRisk> positions) {
}
