package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest.AdjustMargin;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.fact.MarginAdjustment;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Spec §3.3 and §3.4: adding moves the amount from the cross wallet into the position's isolated
 * margin, removing moves it back. Nothing else changes: size, entry and leverage stay.
 */
final class MarginProposer {

    private MarginProposer() {
    }

    static Proposal propose(RuleSet rules, String accountId, AccountSnapshot before, AdjustMargin request) {
        MarginMath math = rules.math();
        String symbol = request.symbol();
        Contract contract = rules.catalog().requireContract(symbol);
        String currency = request.currency() != null ? request.currency() : contract.settlementCurrency();
        boolean adding = request.action() == Action.ADD_MARGIN;
        BigDecimal signed = adding ? request.amount() : request.amount().negate();
        Optional<Position> position = before.position(symbol);

        BigDecimal margin = BigDecimal.ZERO;
        BigDecimal balanceAfter = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        BigDecimal initial = BigDecimal.ZERO;
        AccountSnapshot after = before;
        if (position.isPresent()) {
            Position held = position.get();
            BigDecimal mark = MarginMath.markPrice(before, held);
            BigDecimal value = MarginMath.positionValue(held.quantity(), mark);
            margin = held.isolatedMargin();
            balanceAfter = Money.add(Money.add(margin, signed),
                    MarginMath.unrealizedPnl(held.side(), held.quantity(), held.entryPrice(), mark));
            maintenance = MarginMath.maintenanceMargin(value, contract.tierOrLast(value));
            initial = MarginMath.initialMargin(value, held.leverage());
            if (held.isIsolated() && currency.equals(contract.settlementCurrency())) {
                after = before.toBuilder()
                        .position(new Position(symbol, held.side(), held.quantity(), held.entryPrice(), held.leverage(),
                                held.mode(), Money.add(margin, signed)))
                        .debit(currency, signed)
                        .build();
            }
        }
        Previews.State stateBefore = Previews.State.of(math, before);
        MarginAdjustment fact = new MarginAdjustment(request.action(), accountId, symbol, position.isPresent(),
                position.map(Position::mode).orElse(null), currency, contract.settlementCurrency(), request.amount(),
                margin, balanceAfter, maintenance, initial, stateBefore.book().transferable());
        BigDecimal transfer = after == before ? BigDecimal.ZERO : signed;
        return new Proposal(List.of(fact), after, Previews.of(math, stateBefore, stateBefore.next(math, after), symbol, transfer));
    }
}
