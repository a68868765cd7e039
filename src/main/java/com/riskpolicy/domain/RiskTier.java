package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * One risk-limit tier of a contract: positions whose value lies in (floor, cap] may use at most
 * {@code maxLeverage} and pay {@code PV × maintenanceMarginRate − maintenanceAmount} maintenance margin.
 */
public record RiskTier(
        int tier,
        BigDecimal floor,
        BigDecimal cap,
        BigDecimal maxLeverage,
        BigDecimal maintenanceMarginRate,
        BigDecimal maintenanceAmount) {

    /** floor &lt; value ≤ cap; the first tier also takes a value of exactly its floor (0). */
    public boolean contains(BigDecimal positionValue) {
        int againstFloor = positionValue.compareTo(floor);
        boolean aboveFloor = againstFloor > 0 || (tier == 1 && againstFloor == 0);
        return aboveFloor && positionValue.compareTo(cap) <= 0;
    }
}
