package com.riskpolicy.domain.fact;

import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.MarginMode;
import java.math.BigDecimal;

/**
 * A request to add margin to, or remove it from, a position (docs/margin-policy.md §3.3, §3.4), with the figures the
 * rules compare. Without a position every figure is 0.
 *
 * @param action             ADD_MARGIN or REMOVE_MARGIN
 * @param mode               the position's margin mode; null without a position
 * @param currency           the currency the caller wants to move
 * @param settlementCurrency the contract's settlement currency, the only one isolated margin holds
 * @param isolatedMargin     iM now
 * @param marginBalanceAfter iM ± amount + U: what would back the position afterwards
 * @param maintenanceMargin  MM at the mark price
 * @param initialMargin      PV / L at the mark price
 * @param transferable       what the cross wallet can move now
 */
public record MarginAdjustment(
        Action action,
        String accountId,
        String symbol,
        boolean hasPosition,
        MarginMode mode,
        String currency,
        String settlementCurrency,
        BigDecimal amount,
        BigDecimal isolatedMargin,
        BigDecimal marginBalanceAfter,
        BigDecimal maintenanceMargin,
        BigDecimal initialMargin,
        BigDecimal transferable) {
}
