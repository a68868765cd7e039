package com.riskpolicy.liquidation;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a mark-price tick did (docs/margin-policy.md §3.6), as persisted and returned. Amounts at scale 8.
 *
 * @param symbol             null for an account liquidation's or a cross margin call's header
 * @param riskRatio          the risk ratio that decided; null when unbounded (or for an ADL fill)
 * @param price              the average price the position closed at: the mark, the bankruptcy price
 *                           for what auto-deleveraging took
 * @param marginForfeited    the isolated margin lost with the position
 * @param insuranceFundDelta what the insurance fund received (positive) or paid (negative)
 * @param realizedPnl        the profit or loss booked by this event, at the prices it closed at
 * @param adlCounterparties  positions reduced to cover this event's deficit, in the order taken
 * @param closedPositions    the cross positions an account liquidation closed
 * @param rule               the rule that decided
 * @param note               what a person should know, e.g. that the insurance fund went below zero
 */
public record LiquidationEvent(
        String eventId,
        LiquidationType type,
        String accountId,
        String symbol,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal riskRatio,
        BigDecimal markPrice,
        BigDecimal price,
        BigDecimal marginForfeited,
        BigDecimal insuranceFundDelta,
        BigDecimal realizedPnl,
        List<AdlFill> adlCounterparties,
        List<ClosedPosition> closedPositions,
        String rule,
        String ruleSetRevision,
        String note,
        Instant at) {

    public LiquidationEvent {
        adlCounterparties = adlCounterparties == null ? List.of() : List.copyOf(adlCounterparties);
        closedPositions = closedPositions == null ? List.of() : List.copyOf(closedPositions);
    }

    /** One position reduced by auto-deleveraging. */
    public record AdlFill(String accountId, String symbol, PositionSide side, BigDecimal quantity, BigDecimal price,
                          BigDecimal realizedPnl, BigDecimal rank) {
    }

    /** One cross position closed by an account liquidation. */
    public record ClosedPosition(String symbol, PositionSide side, BigDecimal quantity, BigDecimal markPrice,
                                 BigDecimal price, BigDecimal realizedPnl) {
    }
}
