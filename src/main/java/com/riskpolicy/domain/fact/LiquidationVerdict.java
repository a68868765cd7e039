package com.riskpolicy.domain.fact;

import com.riskpolicy.domain.LiquidationType;

/** Inserted by a liquidation rule: what happens to {@code exposure}, and which rule said so. */
public record LiquidationVerdict(LiquidationType type, String rule, RiskExposure exposure) {
}
