package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a decision needs to know about one account, immutable: the cross wallet, per-symbol
 * settings, positions, open orders and the mark prices of the market.
 */
public record AccountSnapshot(
        String accountId,
        Map<String, BigDecimal> balances,
        Map<String, MarginMode> marginModes,
        Map<String, BigDecimal> leverages,
        List<Position> positions,
        List<Order> orders,
        Map<String, BigDecimal> markPrices) {

    public AccountSnapshot {
        balances = Map.copyOf(balances);
        marginModes = Map.copyOf(marginModes);
        leverages = Map.copyOf(leverages);
        positions = List.copyOf(positions);
        orders = List.copyOf(orders);
        markPrices = Map.copyOf(markPrices);
    }

    public BigDecimal balance(String currency) {
        return balances.getOrDefault(currency, BigDecimal.ZERO);
    }

    /** The symbol's margin mode; CROSS until the account sets another. */
    public MarginMode marginMode(String symbol) {
        return marginModes.getOrDefault(symbol, MarginMode.CROSS);
    }

    public Optional<BigDecimal> leverage(String symbol) {
        return Optional.ofNullable(leverages.get(symbol));
    }

    public Optional<Position> position(String symbol) {
        return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
    }

    public List<Order> orders(String symbol) {
        return orders.stream().filter(o -> o.symbol().equals(symbol)).toList();
    }

    public Optional<BigDecimal> markPrice(String symbol) {
        return Optional.ofNullable(markPrices.get(symbol));
    }

    /** The same account seen at other mark prices. */
    public AccountSnapshot withMarkPrices(Map<String, BigDecimal> prices) {
        return new AccountSnapshot(accountId, balances, marginModes, leverages, positions, orders, prices);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable working copy used to derive the state after an action. */
    public static final class Builder {
        private final String accountId;
        private final Map<String, BigDecimal> balances;
        private final Map<String, MarginMode> marginModes;
        private final Map<String, BigDecimal> leverages;
        private final List<Position> positions;
        private final List<Order> orders;
        private final Map<String, BigDecimal> markPrices;

        private Builder(AccountSnapshot from) {
            accountId = from.accountId;
            balances = new HashMap<>(from.balances);
            marginModes = new HashMap<>(from.marginModes);
            leverages = new HashMap<>(from.leverages);
            positions = new ArrayList<>(from.positions);
            orders = new ArrayList<>(from.orders);
            markPrices = new HashMap<>(from.markPrices);
        }

        public Builder credit(String currency, BigDecimal amount) {
            balances.merge(currency, amount, Money::add);
            return this;
        }

        public Builder debit(String currency, BigDecimal amount) {
            return credit(currency, amount.negate());
        }

        public Builder marginMode(String symbol, MarginMode mode) {
            marginModes.put(symbol, mode);
            return this;
        }

        public Builder leverage(String symbol, BigDecimal leverage) {
            leverages.put(symbol, leverage);
            return this;
        }

        /** Puts the position in place of the symbol's current one. */
        public Builder position(Position position) {
            removePosition(position.symbol());
            positions.add(position);
            return this;
        }

        public Builder removePosition(String symbol) {
            positions.removeIf(p -> p.symbol().equals(symbol));
            return this;
        }

        public Builder order(Order order) {
            orders.add(order);
            return this;
        }

        public Builder removeOrder(String orderId) {
            orders.removeIf(o -> o.orderId().equals(orderId));
            return this;
        }

        /** Cancels every open order that matches. */
        public Builder removeOrders(java.util.function.Predicate<Order> which) {
            orders.removeIf(which);
            return this;
        }

        public Builder markPriceIfAbsent(String symbol, BigDecimal price) {
            markPrices.putIfAbsent(symbol, price);
            return this;
        }

        public AccountSnapshot build() {
            return new AccountSnapshot(accountId, balances, marginModes, leverages, positions, orders, markPrices);
        }
    }
}
