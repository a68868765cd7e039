package com.riskpolicy.api;

import static com.riskpolicy.domain.Display.money;
import static com.riskpolicy.domain.Display.plain;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PositionRiskView;
import com.riskpolicy.domain.AccountRisk;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.RiskTier;
import com.riskpolicy.ledger.InsuranceFund;
import com.riskpolicy.ledger.PositionClose;
import com.riskpolicy.liquidation.AdlRanking;
import com.riskpolicy.liquidation.LiquidationEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response bodies. Amounts, prices and ratios are strings rounded HALF_EVEN to 8 places
 * ({@link com.riskpolicy.domain.Display}, the only place output is rounded); quantities and leverages
 * are shown as held. A decision has its own shape, {@link DecisionView}, which the decision log keeps.
 */
public final class ApiViews {

    private ApiViews() {
    }

    public record OrderView(String orderId, String symbol, OrderSide side, String quantity, String price,
                            String leverage, MarginMode mode, String reservedMargin) {

        static OrderView of(Order order) {
            return new OrderView(order.orderId(), order.symbol(), order.side(), plain(order.quantity()),
                    money(order.price()), plain(order.leverage()), order.mode(), money(order.reservedMargin()));
        }
    }

    public record AccountView(
            String accountId, Map<String, String> balances, String crossEquity, String crossInitialMargin,
            String crossMaintenanceMargin, String crossRiskRatio, String transferable,
            Map<String, MarginMode> marginModes, Map<String, String> leverages, List<PositionRiskView> positions,
            List<OrderView> orders) {

        static AccountView of(AccountSnapshot account, AccountRisk risk) {
            Map<String, String> balances = new TreeMap<>();
            account.balances().forEach((currency, value) -> balances.put(currency, money(value)));
            Map<String, String> leverages = new TreeMap<>();
            account.leverages().forEach((symbol, value) -> leverages.put(symbol, plain(value)));
            return new AccountView(account.accountId(), balances, money(risk.crossEquity()),
                    money(risk.crossInitialMargin()), money(risk.crossMaintenanceMargin()),
                    money(risk.crossRiskRatio()), money(risk.transferable()), new TreeMap<>(account.marginModes()),
                    leverages, risk.positions().stream().map(PositionRiskView::of).toList(),
                    account.orders().stream().map(OrderView::of).toList());
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
            return new ClosedView(p.symbol(), p.mode(), p.side(), plain(p.quantity()), money(p.entryPrice()),
                    money(close.markPrice()), money(close.realizedPnl()),
                    p.isIsolated() ? money(p.isolatedMargin()) : null, money(close.creditedToCross()));
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
                    contract.tiers().stream().map(TierView::of).toList(), money(markPrice));
        }
    }

    public record MarkPriceView(String symbol, String markPrice, List<LiquidationEventView> events) {
    }

    /** docs/api.md LiquidationEvent, plus what a risk officer needs to trace it. */
    public record LiquidationEventView(
            String eventId, LiquidationType type, String accountId, String symbol, PositionSide side, String quantity,
            String riskRatio, String markPrice, String price, String marginForfeited, String insuranceFundDelta,
            String realizedPnl, List<AdlFillView> adlCounterparties, List<ClosedPositionView> closedPositions,
            String rule, String ruleSetRevision, String note, Instant at) {

        static LiquidationEventView of(LiquidationEvent e) {
            return new LiquidationEventView(e.eventId(), e.type(), e.accountId(), e.symbol(), e.side(), plain(e.quantity()),
                    money(e.riskRatio()), money(e.markPrice()), money(e.price()), money(e.marginForfeited()),
                    money(e.insuranceFundDelta()), money(e.realizedPnl()),
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
            return new AdlFillView(f.accountId(), f.symbol(), f.side(), plain(f.quantity()), money(f.price()),
                    money(f.realizedPnl()), money(f.rank()));
        }
    }

    public record ClosedPositionView(String symbol, PositionSide side, String quantity, String markPrice, String price,
                                     String realizedPnl) {
        static ClosedPositionView of(LiquidationEvent.ClosedPosition c) {
            return new ClosedPositionView(c.symbol(), c.side(), plain(c.quantity()), money(c.markPrice()),
                    money(c.price()), money(c.realizedPnl()));
        }
    }

    /** One position in an ADL queue: {@code indicator} 5 is first in line. */
    public record AdlQueueEntryView(String accountId, String rank, int indicator) {
        static AdlQueueEntryView of(AdlRanking.Placed placed) {
            return new AdlQueueEntryView(placed.accountId(), money(placed.rank()), placed.indicator());
        }
    }

    /** A deposit into the insurance fund (positive amount) or a withdrawal (negative), and the balance it left. */
    public record FundTransferView(String currency, String amount, String balanceAfter, String by, Instant at) {
        static FundTransferView of(InsuranceFund.Transfer transfer) {
            return new FundTransferView(transfer.currency(), money(transfer.amount()), money(transfer.balanceAfter()),
                    transfer.by(), transfer.at());
        }
    }

    /** An amount, price or ratio for output: 8 places, HALF_EVEN; null stays null. */
    static String amount(BigDecimal value) {
        return money(value);
    }

    /** Amounts per currency, rounded for output. */
    static Map<String, String> amounts(Map<String, BigDecimal> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, money(v)));
        return out;
    }

}
