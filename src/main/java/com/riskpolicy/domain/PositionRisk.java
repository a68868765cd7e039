package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * The risk figures of one position at the mark price, at full precision (rounded only on output).
 *
 * @param isolatedMargin    iM; null for a cross position
 * @param marginBalance     iM + U for an isolated position; the cross equity for a cross position
 * @param tier              the risk tier of the position value; null above the risk limit
 * @param riskRatio         MM / margin balance; null when unbounded (margin balance ≤ 0)
 * @param liquidationPrice  estimated; null when there is none
 */
public record PositionRisk(
        String symbol,
        MarginMode mode,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        BigDecimal markPrice,
        BigDecimal leverage,
        BigDecimal positionValue,
        BigDecimal unrealizedPnl,
        BigDecimal isolatedMargin,
        BigDecimal marginBalance,
        BigDecimal initialMargin,
        BigDecimal maintenanceMargin,
        BigDecimal maintenanceMarginRate,
        Integer tier,
        BigDecimal riskRatio,
        BigDecimal liquidationPrice,
        boolean liquidatable) {
}
