package com.riskpolicy.domain.fact;

import com.riskpolicy.domain.MarginMode;
import java.math.BigDecimal;

/**
 * A request to set a contract's margin mode (docs/margin-policy.md §3.1).
 *
 * @param positionQuantity quantity of the account's position in the symbol; 0 without one
 * @param openOrderCount   the account's open orders in the symbol
 */
public record ModeSwitch(
        String accountId,
        String symbol,
        MarginMode currentMode,
        MarginMode targetMode,
        BigDecimal positionQuantity,
        int openOrderCount) {
}
