package com.riskpolicy.decision;

import static com.riskpolicy.domain.Money.add;
import static com.riskpolicy.domain.Money.divide;
import static com.riskpolicy.domain.Money.multiply;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest.OpenPosition;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.Ids;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.RiskTier;
import com.riskpolicy.domain.fact.PositionOpening;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.List;

/**
 * Spec §3.2: a fill opens or adds to the symbol's position in the symbol's mode; an isolated fill
 * moves q × price / L from the cross wallet into the position's margin, an order only reserves it.
 */
final class OpeningProposer {

    private OpeningProposer() {
    }

    static Proposal propose(RuleSet rules, String accountId, AccountSnapshot before, OpenPosition request) {
        MarginMath math = rules.math();
        Contract contract = rules.catalog().requireContract(request.symbol());
        String symbol = request.symbol();
        MarginMode mode = before.marginMode(symbol);
        // Nullable rather than Optional: each Optional.map made an object, and an opening is decided often (issue 15)
        Position existing = before.position(symbol).orElse(null);
        BigDecimal leverage = request.leverage() != null ? request.leverage()
                : existing != null ? existing.leverage()
                : before.leverage(symbol).orElse(rules.catalog().defaultLeverage());
        boolean sameSide = existing == null || existing.side() == request.side();
        BigDecimal held = existing != null && sameSide ? existing.quantity() : BigDecimal.ZERO;

        BigDecimal valueAfter = MarginMath.positionValue(add(held, request.quantity()), request.price());
        RiskTier tierAfter = contract.tierFor(valueAfter).orElse(null);
        BigDecimal requiredMargin = Money.requirement(
                MarginMath.initialMargin(MarginMath.positionValue(request.quantity(), request.price()), leverage));
        boolean movesMargin = request.action() == Action.OPEN_POSITION && mode == MarginMode.ISOLATED;

        AccountSnapshot after = sameSide
                ? apply(before, request, mode, leverage, existing, requiredMargin, movesMargin, rules)
                : before;
        Previews.State stateBefore = Previews.State.of(math, before);
        Previews.State stateAfter = stateBefore.next(math, after);
        PositionOpening fact = new PositionOpening(request.action(), accountId, symbol, mode, request.side(),
                request.quantity(), request.price(), leverage,
                existing != null ? existing.side() : null, existing != null ? existing.leverage() : null,
                valueAfter, contract.riskLimit(),
                tierAfter != null ? tierAfter.tier() : null, tierAfter != null ? tierAfter.maxLeverage() : null,
                requiredMargin, stateBefore.book().transferable(),
                stateAfter.book().initialMargin(), stateAfter.book().equity());
        BigDecimal transfer = movesMargin && sameSide ? requiredMargin : BigDecimal.ZERO;
        return new Proposal(List.of(fact), after, Previews.of(math, stateBefore, stateAfter, symbol, transfer));
    }

    /** The account after the fill or the order; {@code existing} is the symbol's position, null without one. */
    private static AccountSnapshot apply(AccountSnapshot before, OpenPosition request, MarginMode mode,
                                         BigDecimal leverage, Position existing, BigDecimal requiredMargin,
                                         boolean movesMargin, RuleSet rules) {
        String symbol = request.symbol();
        AccountSnapshot.Builder after = before.toBuilder();
        if (existing == null) {
            after.leverage(symbol, leverage);
        }
        if (request.action() == Action.PLACE_ORDER) {
            OrderSide side = request.side() == OrderSide.BUY.opens() ? OrderSide.BUY : OrderSide.SELL;
            return after.order(new Order(Ids.next(), symbol, side, request.quantity(), request.price(), leverage, mode))
                    .build();
        }
        BigDecimal quantity = add(existing != null ? existing.quantity() : BigDecimal.ZERO, request.quantity());
        BigDecimal entry = existing != null
                ? Money.price(divide(add(multiply(existing.quantity(), existing.entryPrice()),
                        multiply(request.quantity(), request.price())), quantity))
                : request.price();
        BigDecimal margin = existing != null ? existing.isolatedMargin() : BigDecimal.ZERO;
        if (movesMargin) {
            margin = add(margin, requiredMargin);
            after.debit(rules.catalog().valuationCurrency(), requiredMargin);
        }
        BigDecimal positionLeverage = existing != null ? existing.leverage() : leverage;
        return after.position(new Position(symbol, request.side(), quantity, entry, positionLeverage, mode, margin))
                .markPriceIfAbsent(symbol, request.price())
                .build();
    }
}
