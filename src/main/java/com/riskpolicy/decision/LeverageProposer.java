package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest.AdjustLeverage;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.RiskTier;
import com.riskpolicy.domain.fact.LeverageChange;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Spec §3.5: the symbol (and its position) takes the new leverage. Reducing an isolated position's
 * leverage tops its margin up to PV / L' from the cross wallet; raising it releases nothing.
 */
final class LeverageProposer {

    private LeverageProposer() {
    }

    static Proposal propose(RuleSet rules, String accountId, AccountSnapshot before, AdjustLeverage request) {
        MarginMath math = rules.math();
        String symbol = request.symbol();
        Contract contract = rules.catalog().requireContract(symbol);
        Optional<Position> position = before.position(symbol);
        BigDecimal current = position.map(Position::leverage)
                .or(() -> before.leverage(symbol))
                .orElse(rules.catalog().defaultLeverage());
        BigDecimal newLeverage = request.leverage();

        BigDecimal value = position.map(p -> MarginMath.positionValue(p.quantity(), MarginMath.markPrice(before, p)))
                .orElse(BigDecimal.ZERO);
        Optional<RiskTier> tier = contract.tierFor(value);
        BigDecimal required = MarginMath.initialMargin(value, newLeverage);
        BigDecimal marginBalance = position.filter(Position::isIsolated)
                .map(p -> Money.add(p.isolatedMargin(), MarginMath.unrealizedPnl(p.side(), p.quantity(), p.entryPrice(),
                        MarginMath.markPrice(before, p))))
                .orElse(BigDecimal.ZERO);
        boolean topsUp = position.filter(Position::isIsolated).isPresent() && newLeverage.compareTo(current) < 0;
        BigDecimal shortfall = topsUp
                ? Money.requirement(Money.max(BigDecimal.ZERO, Money.subtract(required, marginBalance)))
                : BigDecimal.ZERO;

        AccountSnapshot.Builder builder = before.toBuilder().leverage(symbol, newLeverage);
        position.ifPresent(p -> builder.position(new Position(p.symbol(), p.side(), p.quantity(), p.entryPrice(),
                newLeverage, p.mode(), Money.add(p.isolatedMargin(), shortfall))));
        if (shortfall.signum() > 0) {
            builder.debit(rules.catalog().valuationCurrency(), shortfall);
        }
        AccountSnapshot after = builder.build();

        Previews.State stateBefore = Previews.State.of(math, before);
        Previews.State stateAfter = stateBefore.next(math, after);
        Preview preview = Previews.of(math, stateBefore, stateAfter, symbol, shortfall);
        LeverageChange fact = new LeverageChange(accountId, symbol, before.marginMode(symbol), current, newLeverage,
                position.isPresent(), value, tier.map(RiskTier::tier).orElse(null),
                tier.orElse(contract.lastTier()).maxLeverage(), marginBalance, required, shortfall,
                stateBefore.book().transferable(), stateAfter.book().initialMargin(), stateAfter.book().equity(),
                preview.crossRiskRatioBefore(), preview.crossRiskRatioAfter());
        return new Proposal(List.of(fact), after, preview);
    }
}
