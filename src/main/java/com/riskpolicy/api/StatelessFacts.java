package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.Facts;
import com.riskpolicy.api.ApiRequests.OrderFact;
import com.riskpolicy.api.ApiRequests.Params;
import com.riskpolicy.api.ApiRequests.PositionFact;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the facts of a stateless decision into an account and an action, refusing facts that
 * contradict each other (two positions in one symbol, a position whose mode is not its symbol's)
 * and facts the decision would otherwise have to assume: {@code marginModes} must give the mode of
 * every symbol the decision touches (the action's, each position's and each order's), and
 * {@code markPrices} the mark price of the action's symbol and of every position's. The one reading of
 * those facts: {@code POST /v1/decisions} and the console's what-if page use it alike.
 */
public final class StatelessFacts {

    private final PolicyContext context;

    public StatelessFacts(PolicyContext context) {
        this.context = context;
    }

    /** The account the facts describe, for an action on {@code symbol}. */
    public AccountSnapshot account(Facts facts, String symbol) {
        Map<String, MarginMode> modes = new HashMap<>();
        facts.marginModes().forEach((listed, mode) -> {
            context.bodySymbol("facts.marginModes." + listed, listed);
            modes.put(listed, mode);
        });
        Map<String, BigDecimal> markPrices = symbolMap("facts.markPrices", facts.markPrices());
        requireFact(modes, "facts.marginModes", symbol, "the mode of the action's symbol");
        requireFact(markPrices, "facts.markPrices", symbol, "the mark price of the action's symbol");
        List<Position> positions = new ArrayList<>();
        List<PositionFact> positionFacts = facts.positions() == null ? List.of() : facts.positions();
        for (int i = 0; i < positionFacts.size(); i++) {
            positions.add(position("facts.positions[" + i + "]", positionFacts.get(i), modes, markPrices, positions));
        }
        List<Order> orders = new ArrayList<>();
        List<OrderFact> orderFacts = facts.orders() == null ? List.of() : facts.orders();
        for (int i = 0; i < orderFacts.size(); i++) {
            OrderFact order = orderFacts.get(i);
            context.bodySymbol("facts.orders[" + i + "].symbol", order.symbol());
            requireFact(modes, "facts.marginModes", order.symbol(), "the mode of every symbol with an order");
            orders.add(new Order(order.orderId() == null ? "order-" + (i + 1) : order.orderId(), order.symbol(),
                    order.side(), order.quantity(), order.price(), order.leverage(), modes.get(order.symbol())));
        }
        Map<String, BigDecimal> leverages = symbolMap("facts.leverages", facts.leverages());
        Map<String, BigDecimal> balances = facts.account().balances() == null ? Map.of() : facts.account().balances();
        context.collateralCurrencies("facts.account.balances", balances);
        return new AccountSnapshot(facts.account().accountId(), balances, modes, leverages, positions, orders, markPrices);
    }

    private static void requireFact(Map<String, ?> facts, String field, String symbol, String what) {
        if (!facts.containsKey(symbol)) {
            throw new InvalidInputException(field + "." + symbol, "is required: the facts must give " + what);
        }
    }

    private Position position(String field, PositionFact fact, Map<String, MarginMode> modes,
                              Map<String, BigDecimal> markPrices, List<Position> held) {
        context.bodySymbol(field + ".symbol", fact.symbol());
        if (held.stream().anyMatch(p -> p.symbol().equals(fact.symbol()))) {
            throw new InvalidInputException(field + ".symbol", "repeats " + fact.symbol()
                    + ": an account holds one position per symbol");
        }
        requireFact(modes, "facts.marginModes", fact.symbol(), "the mode of every symbol with a position");
        requireFact(markPrices, "facts.markPrices", fact.symbol(), "the mark price of every symbol with a position");
        MarginMode mode = modes.get(fact.symbol());
        if (mode != fact.mode()) {
            throw new InvalidInputException(field + ".mode", "is " + fact.mode() + " but facts.marginModes."
                    + fact.symbol() + " is " + mode + ": a symbol never holds cross and isolated positions at once");
        }
        BigDecimal margin = fact.isolatedMargin() == null ? BigDecimal.ZERO : fact.isolatedMargin();
        if (mode == MarginMode.ISOLATED && fact.isolatedMargin() == null) {
            throw new InvalidInputException(field + ".isolatedMargin", "is required for an isolated position");
        }
        if (mode == MarginMode.CROSS && margin.signum() != 0) {
            throw new InvalidInputException(field + ".isolatedMargin", "must be absent for a cross position");
        }
        return new Position(fact.symbol(), fact.side(), fact.quantity(), fact.entryPrice(), fact.leverage(), mode, margin);
    }

    private Map<String, BigDecimal> symbolMap(String field, Map<String, BigDecimal> values) {
        if (values == null) {
            return Map.of();
        }
        values.keySet().forEach(symbol -> context.bodySymbol(field + "." + symbol, symbol));
        return values;
    }

    public ActionRequest request(Action action, Params params) {
        context.bodySymbol("params.symbol", params.symbol());
        return switch (action) {
            case SWITCH_MARGIN_MODE -> new ActionRequest.SwitchMarginMode(params.symbol(),
                    required("params.mode", params.mode()));
            case OPEN_POSITION -> new ActionRequest.OpenPosition(action, params.symbol(),
                    side(params.side(), PositionSide.class), required("params.quantity", params.quantity()),
                    required("params.price", params.price()), params.leverage());
            case PLACE_ORDER -> new ActionRequest.OpenPosition(action, params.symbol(),
                    side(params.side(), OrderSide.class).opens(), required("params.quantity", params.quantity()),
                    required("params.price", params.price()), params.leverage());
            case ADJUST_LEVERAGE -> new ActionRequest.AdjustLeverage(params.symbol(),
                    required("params.leverage", params.leverage()));
            case ADD_MARGIN, REMOVE_MARGIN -> new ActionRequest.AdjustMargin(action, params.symbol(),
                    required("params.amount", params.amount()), currency(params.currency()));
        };
    }

    /** As on the margin action: a currency the rule set does not know is refused; left out, the settlement currency. */
    private String currency(String currency) {
        if (currency != null) {
            context.knownCurrency("params.currency", currency);
        }
        return currency;
    }

    private static <E extends Enum<E>> E side(String side, Class<E> type) {
        return Inputs.enumValue("params.side", required("params.side", side), type);
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required for this action");
        }
        return value;
    }
}
