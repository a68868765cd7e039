package com.riskpolicy.decision;

import static com.riskpolicy.domain.Display.money;
import static com.riskpolicy.domain.Display.plain;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.PositionRisk;
import com.riskpolicy.domain.PositionSide;

/**
 * The risk figures of one position as the service shows them, in a decision's preview and in an
 * account: amounts, prices and ratios rounded to 8 places, quantity and leverage as held.
 */
public record PositionRiskView(
        String symbol, MarginMode mode, PositionSide side, String quantity, String entryPrice, String markPrice,
        String leverage, String positionValue, String unrealizedPnl, String isolatedMargin, String marginBalance,
        String initialMargin, String maintenanceMargin, String maintenanceMarginRate, Integer tier,
        String riskRatio, String liquidationPrice, boolean liquidatable) {

    /** Null without a position. */
    public static PositionRiskView of(PositionRisk risk) {
        if (risk == null) {
            return null;
        }
        return new PositionRiskView(risk.symbol(), risk.mode(), risk.side(), plain(risk.quantity()),
                money(risk.entryPrice()), money(risk.markPrice()), plain(risk.leverage()),
                money(risk.positionValue()), money(risk.unrealizedPnl()), money(risk.isolatedMargin()),
                money(risk.marginBalance()), money(risk.initialMargin()), money(risk.maintenanceMargin()),
                money(risk.maintenanceMarginRate()), risk.tier(), money(risk.riskRatio()),
                money(risk.liquidationPrice()), risk.liquidatable());
    }
}
