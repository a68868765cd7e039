package com.riskpolicy.domain.fact;

import com.riskpolicy.domain.MarginMode;
import java.math.BigDecimal;

/**
 * A request to change a contract's leverage (docs/margin-policy.md §3.5), with the figures the rules compare.
 *
 * @param currentLeverage         the position's leverage, or the symbol's without a position
 * @param hasPosition             whether the account holds a position in the symbol
 * @param positionValue           the position's value at the mark price; 0 without a position
 * @param tier                    tier of that value; null above the risk limit
 * @param maxLeverage             max leverage of that tier (of the last tier above the risk limit)
 * @param marginBalance           iM + U of an isolated position; 0 otherwise
 * @param requiredMargin          PV / newLeverage
 * @param shortfall               what must come from the cross wallet for an isolated position whose
 *                                leverage is reduced, rounded up; 0 when nothing must move
 * @param transferable            what the cross wallet can move now
 * @param crossInitialMarginAfter cross initial margin with the new leverage
 * @param crossEquityAfter        cross equity after the change
 * @param crossRiskRatioBefore    account risk ratio now; null when unbounded
 * @param crossRiskRatioAfter     account risk ratio after the change; null when unbounded
 */
public record LeverageChange(
        String accountId,
        String symbol,
        MarginMode mode,
        BigDecimal currentLeverage,
        BigDecimal newLeverage,
        boolean hasPosition,
        BigDecimal positionValue,
        Integer tier,
        BigDecimal maxLeverage,
        BigDecimal marginBalance,
        BigDecimal requiredMargin,
        BigDecimal shortfall,
        BigDecimal transferable,
        BigDecimal crossInitialMarginAfter,
        BigDecimal crossEquityAfter,
        BigDecimal crossRiskRatioBefore,
        BigDecimal crossRiskRatioAfter) {

    /** Whether the account risk ratio before or after is at least {@code threshold} (unbounded counts). */
    public boolean crossRiskRatioReaches(BigDecimal threshold) {
        return crossRiskRatioBefore == null || crossRiskRatioAfter == null
                || crossRiskRatioBefore.compareTo(threshold) >= 0 || crossRiskRatioAfter.compareTo(threshold) >= 0;
    }
}
