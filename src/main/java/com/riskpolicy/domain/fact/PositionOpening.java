package com.riskpolicy.domain.fact;

import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;

/**
 * A fill that opens or adds to a position, or an order that would (docs/margin-policy.md §3.2), with the figures the
 * rules compare.
 *
 * @param action                  OPEN_POSITION or PLACE_ORDER
 * @param mode                    the symbol's margin mode, which the position or order takes
 * @param leverage                the leverage the position or order would use
 * @param existingSide            side of the account's position in the symbol; null without one
 * @param existingLeverage        leverage of that position; null without one
 * @param positionValueAfter      (held quantity + quantity) × price
 * @param riskLimit               the last tier's cap
 * @param tierAfter               tier of positionValueAfter; null above the risk limit
 * @param maxLeverage             max leverage of that tier; null above the risk limit
 * @param requiredMargin          quantity × price / leverage, rounded up to the ledger's scale
 * @param transferable            what the cross wallet can move into isolated margin now
 * @param crossInitialMarginAfter cross initial margin with the fill or order in place
 * @param crossEquityAfter        cross equity with the fill or order in place
 */
public record PositionOpening(
        Action action,
        String accountId,
        String symbol,
        MarginMode mode,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal leverage,
        PositionSide existingSide,
        BigDecimal existingLeverage,
        BigDecimal positionValueAfter,
        BigDecimal riskLimit,
        Integer tierAfter,
        BigDecimal maxLeverage,
        BigDecimal requiredMargin,
        BigDecimal transferable,
        BigDecimal crossInitialMarginAfter,
        BigDecimal crossEquityAfter) {
}
