package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.LiquidationEventType;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.Outcome;
import com.riskpolicy.acceptance.Vocabulary.PositionFigure;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the service answers, read as a client outside the service would read it (docs/api.md): only the
 * fields the features look at. The suite keeps its own copies so it can run against any deployment.
 */
final class ServiceViews {

    private ServiceViews() {
    }

    /** {@code crossRiskRatio} is null when unbounded. */
    record Account(String accountId, Map<String, BigDecimal> balances, BigDecimal crossEquity,
                   BigDecimal crossInitialMargin, BigDecimal crossMaintenanceMargin, BigDecimal crossRiskRatio,
                   BigDecimal transferable, Map<String, MarginMode> marginModes, List<Position> positions,
                   List<Order> orders) {

        BigDecimal balance(String currency) {
            return balances.getOrDefault(currency, BigDecimal.ZERO);
        }

        /** The contract's margin mode; a contract the account never set is in the documented default, Cross. */
        MarginMode marginMode(String symbol) {
            return marginModes.getOrDefault(symbol, MarginMode.CROSS);
        }

        Optional<Position> position(String symbol) {
            return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
        }

        List<Order> orders(String symbol) {
            return orders.stream().filter(o -> o.symbol().equals(symbol)).toList();
        }
    }

    /**
     * A position's risk (PositionRisk in docs/api.md). {@code isolatedMargin} is null for a cross position,
     * {@code riskRatio} when unbounded and {@code liquidationPrice} when there is none.
     */
    record Position(String symbol, MarginMode mode, PositionSide side, BigDecimal quantity, BigDecimal entryPrice,
                    BigDecimal markPrice, BigDecimal leverage, BigDecimal positionValue, BigDecimal unrealizedPnl,
                    BigDecimal isolatedMargin, BigDecimal marginBalance, BigDecimal initialMargin,
                    BigDecimal maintenanceMargin, BigDecimal riskRatio, BigDecimal liquidationPrice) {

        /** The figure the features call {@code figure}; null when the service shows none. */
        BigDecimal figure(PositionFigure figure) {
            return switch (figure) {
                case QUANTITY -> quantity;
                case ENTRY_PRICE -> entryPrice;
                case MARK_PRICE -> markPrice;
                case LEVERAGE -> leverage;
                case POSITION_VALUE -> positionValue;
                case UNREALIZED_PNL -> unrealizedPnl;
                case ISOLATED_MARGIN -> isolatedMargin;
                case MARGIN_BALANCE -> marginBalance;
                case REQUIRED_MARGIN -> initialMargin;
                case MAINTENANCE_MARGIN -> maintenanceMargin;
                case RISK_RATIO -> riskRatio;
                case LIQUIDATION_PRICE -> liquidationPrice;
            };
        }
    }

    record Order(String orderId, String symbol, OrderSide side, BigDecimal quantity, BigDecimal price,
                 BigDecimal leverage, MarginMode mode, BigDecimal reservedMargin) {
    }

    record Decision(String decisionId, Action action, Outcome decision, List<Violation> violations,
                    List<Warning> warnings, Preview preview, List<String> firedRules) {

        boolean allowed() {
            return decision == Outcome.ALLOW;
        }

        List<String> codes() {
            return violations.stream().map(Violation::code).toList();
        }
    }

    record Violation(String code, String rule, String message) {
    }

    /** A refusal of malformed or invalid input (problem+json): not a policy decision. */
    record Problem(int status, String title, List<FieldError> errors) {

        List<String> fields() {
            return errors == null ? List.of() : errors.stream().map(FieldError::field).toList();
        }
    }

    record FieldError(String field, String message) {
    }

    /** A warning never blocks: a decision may be ALLOW with warnings. */
    record Warning(String code, String rule, String message) {
    }

    /**
     * What the action would do: the symbol's position before and after it (null without one), the
     * amount it moves from the cross wallet into isolated margin (negative: returned to the cross
     * wallet) and the account's cross risk ratio before and after (null when unbounded).
     */
    record Preview(Position before, Position after, BigDecimal transferFromCross, BigDecimal crossRiskRatioBefore,
                   BigDecimal crossRiskRatioAfter) {
    }

    /** What a new mark price brought about: the liquidations, auto-deleveraging and margin calls it caused. */
    record MarkPriceChange(String symbol, BigDecimal markPrice, List<LiquidationEvent> events) {
    }

    /**
     * One thing a mark price change did to one account (LiquidationEvent in docs/api.md), as returned by
     * the change and kept in the liquidation history. {@code symbol} is null for an account-level
     * event, {@code riskRatio} when unbounded and for an auto-deleveraging; {@code price} is where the
     * position was closed or reduced; {@code insuranceFundDelta} is what the fund received (negative:
     * paid).
     */
    record LiquidationEvent(String eventId, LiquidationEventType type, String accountId, String symbol,
                            PositionSide side, BigDecimal quantity, BigDecimal riskRatio, BigDecimal markPrice,
                            BigDecimal price, BigDecimal marginForfeited, BigDecimal insuranceFundDelta,
                            BigDecimal realizedPnl, List<AdlFill> adlCounterparties,
                            List<ClosedPosition> closedPositions, String rule, String ruleSetRevision, String note) {
    }

    /** A position reduced by auto-deleveraging to cover a liquidation, with the rank that put it in line. */
    record AdlFill(String accountId, String symbol, PositionSide side, BigDecimal quantity, BigDecimal price,
                   BigDecimal realizedPnl, BigDecimal rank) {
    }

    /** A cross position closed by an account-level liquidation. */
    record ClosedPosition(String symbol, PositionSide side, BigDecimal quantity, BigDecimal markPrice, BigDecimal price,
                          BigDecimal realizedPnl) {
    }

    /** One position's place in a side's auto-deleveraging queue: {@code indicator} 5 is first in line. */
    record AdlQueueEntry(String accountId, BigDecimal rank, int indicator) {
    }

    /** The active rule set. */
    record RuleSet(String revision) {
    }
}
