package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Vocabulary.LiquidationEventType;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.PositionFigure;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The rows of the features' data tables and the expected outcomes of their Examples, as records.
 * In an expectation row an empty cell is not checked.
 */
final class Rows {

    private Rows() {
    }

    /** | symbol | mark price |; the symbol is left out where the step names it. */
    record MarkPrice(String symbol, BigDecimal price) {
    }

    /**
     * | wallet USDT | wallet BTC | cross equity | cross initial margin | cross maintenance margin |
     * transferable | cross risk ratio |; a ratio is written as a percentage (50 %).
     */
    record CrossAccountFigures(BigDecimal walletUsdt, BigDecimal walletBtc, BigDecimal crossEquity,
                               BigDecimal crossInitialMargin, BigDecimal crossMaintenanceMargin,
                               BigDecimal transferable, BigDecimal crossRiskRatio) {
    }

    /**
     * | symbol | mode | side | quantity | entry price | leverage | isolated margin | position value |
     * unrealized PnL | margin balance | risk ratio | liquidation price |; an isolated margin of "none"
     * means the position must hold none (a cross position).
     */
    record PositionFigures(String symbol, MarginMode mode, PositionSide side, BigDecimal quantity,
                           BigDecimal entryPrice, BigDecimal leverage, Optional<BigDecimal> isolatedMargin,
                           BigDecimal positionValue, BigDecimal unrealizedPnl, BigDecimal marginBalance,
                           BigDecimal riskRatio, BigDecimal liquidationPrice) {
    }

    /**
     * | figure | before | after |: one figure of the position in a decision's preview; "none" (empty)
     * means the service must show no value.
     */
    record FigureChange(PositionFigure figure, Optional<BigDecimal> before, Optional<BigDecimal> after) {
    }

    /** "the caution CODE", or "no caution" (a null code). */
    record Caution(String code) {
    }

    /** | side | quantity | price | leverage | */
    record OrderLine(OrderSide side, BigDecimal quantity, BigDecimal price, BigDecimal leverage) {
    }

    /** | code | rule | */
    record Reason(String code, String rule) {
    }

    /** "allowed", or "denied with CODE". */
    record ExpectedOutcome(boolean allowed, String code) {
    }

    /** | trader | side | quantity | price | leverage |: a position one of several traders holds. */
    record Holding(String trader, PositionSide side, BigDecimal quantity, BigDecimal price, BigDecimal leverage) {
    }

    /**
     * | event | trader | symbol | side | quantity | mark price | risk ratio | closed at | margin forfeited |
     * realized PnL | insurance fund | rule |: one thing a mark price change did. A risk ratio of
     * "unbounded" (an empty Optional) means the margin balance was gone; the insurance fund figure is
     * what the fund received, negative when it paid.
     */
    record ExpectedEvent(LiquidationEventType event, String trader, String symbol, PositionSide side,
                         BigDecimal quantity, BigDecimal markPrice, Optional<BigDecimal> riskRatio, BigDecimal closedAt,
                         BigDecimal marginForfeited, BigDecimal realizedPnl, BigDecimal insuranceFund, String rule) {
    }

    /** | trader | quantity | closed at | realized PnL | rank |: a position auto-deleveraged to cover a liquidation. */
    record AdlReduction(String trader, BigDecimal quantity, BigDecimal closedAt, BigDecimal realizedPnl,
                        BigDecimal rank) {
    }

    /** | symbol | side | quantity | closed at | realized PnL |: a cross position an account liquidation closed. */
    record ClosedCrossPosition(String symbol, PositionSide side, BigDecimal quantity, BigDecimal closedAt,
                               BigDecimal realizedPnl) {
    }

    /** | side | trader | rank | indicator |: a position's place in its side's auto-deleveraging queue. */
    record AdlQueuePlace(PositionSide side, String trader, BigDecimal rank, Integer indicator) {
    }
}
