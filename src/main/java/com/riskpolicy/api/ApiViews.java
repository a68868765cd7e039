package com.riskpolicy.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.Preview;
import com.riskpolicy.domain.AccountRisk;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.Display;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionRisk;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.RiskTier;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import com.riskpolicy.ledger.PositionClose;
import com.riskpolicy.liquidation.AdlRanking;
import com.riskpolicy.liquidation.LiquidationEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response bodies. Amounts, prices and ratios are strings rounded HALF_EVEN to 8 places (the only
 * place output is rounded); quantities and leverages are shown as held.
 */
public final class ApiViews {

    private ApiViews() {
    }

    /** An amount, price or ratio for output: 8 places, HALF_EVEN; null stays null. */
    static String amount(BigDecimal value) {
        return value == null ? null : Display.money(value);
    }

    /** A quantity or leverage for output, without trailing zeros. */
    static String plain(BigDecimal value) {
        return value == null ? null : Display.plain(value);
    }

    public record PositionRiskView(
            String symbol, MarginMode mode, PositionSide side, String quantity, String entryPrice, String markPrice,
            String leverage, String positionValue, String unrealizedPnl, String isolatedMargin, String marginBalance,
            String initialMargin, String maintenanceMargin, String maintenanceMarginRate, Integer tier,
            String riskRatio, String liquidationPrice, boolean liquidatable) {

        static PositionRiskView of(PositionRisk risk) {
            if (risk == null) {
                return null;
            }
            return new PositionRiskView(risk.symbol(), risk.mode(), risk.side(), plain(risk.quantity()),
                    amount(risk.entryPrice()), amount(risk.markPrice()), plain(risk.leverage()),
                    amount(risk.positionValue()), amount(risk.unrealizedPnl()), amount(risk.isolatedMargin()),
                    amount(risk.marginBalance()), amount(risk.initialMargin()), amount(risk.maintenanceMargin()),
                    amount(risk.maintenanceMarginRate()), risk.tier(), amount(risk.riskRatio()),
                    amount(risk.liquidationPrice()), risk.liquidatable());
        }
    }

    public record OrderView(String orderId, String symbol, OrderSide side, String quantity, String price,
                            String leverage, MarginMode mode, String reservedMargin) {

        static OrderView of(Order order) {
            return new OrderView(order.orderId(), order.symbol(), order.side(), plain(order.quantity()),
                    amount(order.price()), plain(order.leverage()), order.mode(), amount(order.reservedMargin()));
        }
    }

    public record AccountView(
            String accountId, Map<String, String> balances, String crossEquity, String crossInitialMargin,
            String crossMaintenanceMargin, String crossRiskRatio, String transferable,
            Map<String, MarginMode> marginModes, Map<String, String> leverages, List<PositionRiskView> positions,
            List<OrderView> orders) {

        static AccountView of(AccountSnapshot account, AccountRisk risk) {
            Map<String, String> balances = new TreeMap<>();
            account.balances().forEach((currency, value) -> balances.put(currency, amount(value)));
            Map<String, String> leverages = new TreeMap<>();
            account.leverages().forEach((symbol, value) -> leverages.put(symbol, plain(value)));
            return new AccountView(account.accountId(), balances, amount(risk.crossEquity()),
                    amount(risk.crossInitialMargin()), amount(risk.crossMaintenanceMargin()),
                    amount(risk.crossRiskRatio()), amount(risk.transferable()), new TreeMap<>(account.marginModes()),
                    leverages, risk.positions().stream().map(PositionRiskView::of).toList(),
                    account.orders().stream().map(OrderView::of).toList());
        }
    }

    public record PreviewView(PositionRiskView before, PositionRiskView after, String transferFromCross,
                              String crossRiskRatioBefore, String crossRiskRatioAfter) {

        static PreviewView of(Preview preview) {
            return new PreviewView(PositionRiskView.of(preview.before()), PositionRiskView.of(preview.after()),
                    amount(preview.transferFromCross()), amount(preview.crossRiskRatioBefore()),
                    amount(preview.crossRiskRatioAfter()));
        }
    }

    public record DecisionView(String decisionId, Action action, Outcome decision, List<Violation> violations,
                               List<Warning> warnings, PreviewView preview, String ruleSetRevision,
                               List<String> firedRules, Instant evaluatedAt) {

        static DecisionView of(Decision decision) {
            return new DecisionView(decision.decisionId(), decision.action(), decision.decision(),
                    decision.violations(), decision.warnings(), PreviewView.of(decision.preview()),
                    decision.ruleSetRevision(), decision.firedRules(), decision.evaluatedAt());
        }
    }

    public record DecisionWithAccount(DecisionView decision, AccountView account) {
    }

    /** The account after a close (its fields as {@link AccountView}'s), and the close itself. */
    public record AccountAfterClose(@JsonUnwrapped AccountView account, ClosedView closedPosition) {
    }

    /**
     * A position closed at the mark price: the cross wallet was credited {@code creditedToCross},
     * the isolated margin returned (an isolated position only) plus {@code realizedPnl}.
     */
    public record ClosedView(String symbol, MarginMode mode, PositionSide side, String quantity, String entryPrice,
                             String markPrice, String realizedPnl, String isolatedMargin, String creditedToCross) {

        static ClosedView of(PositionClose close) {
            Position p = close.position();
            return new ClosedView(p.symbol(), p.mode(), p.side(), plain(p.quantity()), amount(p.entryPrice()),
                    amount(close.markPrice()), amount(close.realizedPnl()),
                    p.isIsolated() ? amount(p.isolatedMargin()) : null, amount(close.creditedToCross()));
        }
    }

    public record DecisionWithOrder(DecisionView decision, OrderView order) {
    }

    public record DecisionWithPosition(DecisionView decision, PositionRiskView position) {
    }

    public record TierView(int tier, String floor, String cap, String maxLeverage, String maintenanceMarginRate,
                           String maintenanceAmount) {

        static TierView of(RiskTier tier) {
            return new TierView(tier.tier(), plain(tier.floor()), plain(tier.cap()), plain(tier.maxLeverage()),
                    plain(tier.maintenanceMarginRate()), plain(tier.maintenanceAmount()));
        }
    }

    public record ContractView(String symbol, String settlementCurrency, List<TierView> tiers, String markPrice) {

        static ContractView of(Contract contract, BigDecimal markPrice) {
            return new ContractView(contract.symbol(), contract.settlementCurrency(),
                    contract.tiers().stream().map(TierView::of).toList(), amount(markPrice));
        }
    }

    public record MarkPriceView(String symbol, String markPrice, List<LiquidationEventView> events) {
    }

    /** api.md LiquidationEvent, plus what a risk officer needs to trace it. */
    public record LiquidationEventView(
            String eventId, LiquidationType type, String accountId, String symbol, PositionSide side, String quantity,
            String riskRatio, String markPrice, String price, String marginForfeited, String insuranceFundDelta,
            String realizedPnl, List<AdlFillView> adlCounterparties, List<ClosedPositionView> closedPositions,
            String rule, String ruleSetRevision, String note, Instant at) {

        static LiquidationEventView of(LiquidationEvent e) {
            return new LiquidationEventView(e.eventId(), e.type(), e.accountId(), e.symbol(), e.side(), plain(e.quantity()),
                    amount(e.riskRatio()), amount(e.markPrice()), amount(e.price()), amount(e.marginForfeited()),
                    amount(e.insuranceFundDelta()), amount(e.realizedPnl()),
                    e.adlCounterparties().stream().map(AdlFillView::of).toList(),
                    e.closedPositions().stream().map(ClosedPositionView::of).toList(),
                    e.rule(), e.ruleSetRevision(), e.note(), e.at());
        }

        static List<LiquidationEventView> of(List<LiquidationEvent> events) {
            return events.stream().map(LiquidationEventView::of).toList();
        }
    }

    public record AdlFillView(String accountId, String symbol, PositionSide side, String quantity, String price,
                              String realizedPnl, String rank) {
        static AdlFillView of(LiquidationEvent.AdlFill f) {
            return new AdlFillView(f.accountId(), f.symbol(), f.side(), plain(f.quantity()), amount(f.price()),
                    amount(f.realizedPnl()), amount(f.rank()));
        }
    }

    public record ClosedPositionView(String symbol, PositionSide side, String quantity, String markPrice, String price,
                                     String realizedPnl) {
        static ClosedPositionView of(LiquidationEvent.ClosedPosition c) {
            return new ClosedPositionView(c.symbol(), c.side(), plain(c.quantity()), amount(c.markPrice()),
                    amount(c.price()), amount(c.realizedPnl()));
        }
    }

    /** One position in an ADL queue: {@code indicator} 5 is first in line. */
    public record AdlQueueEntryView(String accountId, String rank, int indicator) {
        static AdlQueueEntryView of(AdlRanking.Placed placed) {
            return new AdlQueueEntryView(placed.accountId(), amount(placed.rank()), placed.indicator());
        }
    }

    /** Amounts per currency, rounded for output. */
    static Map<String, String> amounts(Map<String, BigDecimal> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, amount(v)));
        return out;
    }

}
