package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
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
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (position.symbol().equals(symbol)) {
                return Optional.of(position);
            }
        }
        return Optional.empty();
    }

    public List<Order> orders(String symbol) {
        List<Order> matching = new ArrayList<>(2);
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            if (order.symbol().equals(symbol)) {
                matching.add(order);
            }
        }
        return Collections.unmodifiableList(matching);
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

    /**
     * Mutable working copy used to derive the state after an action. It copies a collection of the
     * account only when it changes one, and the account it builds shares the others with the
     * account it started from: an action changes one or two of them.
     */
    public static final class Builder {
        private final AccountSnapshot from;
        // The maps are unmodifiable: each change sets a new one (with), so they start as the account's own
        private Map<String, BigDecimal> balances;
        private Map<String, MarginMode> marginModes;
        private Map<String, BigDecimal> leverages;
        private List<Position> positions;
        private List<Order> orders;
        private Map<String, BigDecimal> markPrices;

        private Builder(AccountSnapshot from) {
            this.from = from;
            this.balances = from.balances;
            this.marginModes = from.marginModes;
            this.leverages = from.leverages;
            this.markPrices = from.markPrices;
        }

        public Builder credit(String currency, BigDecimal amount) {
            BigDecimal balance = balances.get(currency);
            balances = with(balances, currency, balance == null ? amount : Money.add(balance, amount));
            return this;
        }

        public Builder debit(String currency, BigDecimal amount) {
            // Subtracting from the balance is adding its negation, without making the negation first
            BigDecimal balance = balances.get(currency);
            balances = with(balances, currency, balance == null ? amount.negate() : Money.subtract(balance, amount));
            return this;
        }

        /** Sets the symbol's margin mode; the mode it already has copies nothing. */
        public Builder marginMode(String symbol, MarginMode mode) {
            if (mode != marginModes.get(symbol)) {
                marginModes = with(marginModes, symbol, mode);
            }
            return this;
        }

        /** Sets the symbol's leverage; the same leverage, scale included, copies nothing. */
        public Builder leverage(String symbol, BigDecimal leverage) {
            if (!leverage.equals(leverages.get(symbol))) {
                leverages = with(leverages, symbol, leverage);
            }
            return this;
        }

        /** Puts the position in place of the symbol's current one. */
        public Builder position(Position position) {
            removePosition(position.symbol());
            positions.add(position);
            return this;
        }

        public Builder removePosition(String symbol) {
            if (positions == null) {
                positions = new ArrayList<>(from.positions);
            }
            // A loop rather than removeIf: its lambda and the list's record of removals were made on every opening
            for (int i = positions.size() - 1; i >= 0; i--) {
                if (positions.get(i).symbol().equals(symbol)) {
                    positions.remove(i);
                }
            }
            return this;
        }

        public Builder order(Order order) {
            changedOrders().add(order);
            return this;
        }

        public Builder removeOrder(String orderId) {
            changedOrders().removeIf(o -> o.orderId().equals(orderId));
            return this;
        }

        /** Cancels every open order that matches. */
        public Builder removeOrders(java.util.function.Predicate<Order> which) {
            changedOrders().removeIf(which);
            return this;
        }

        private List<Order> changedOrders() {
            if (orders == null) {
                orders = new ArrayList<>(from.orders);
            }
            return orders;
        }

        public Builder markPriceIfAbsent(String symbol, BigDecimal price) {
            if (!markPrices.containsKey(symbol)) {
                markPrices = with(markPrices, symbol, price);
            }
            return this;
        }

        /**
         * {@code map} with {@code key} set to {@code value}, as an unmodifiable map the account's
         * {@code Map.copyOf} keeps as it is. A working {@code HashMap} that the account then copied
         * again was 9 % of what an opening allocated (issue 15); an action sets one or two entries.
         */
        private static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
            if (map.isEmpty()) {
                return Map.of(key, value);
            }
            @SuppressWarnings("unchecked")
            Map.Entry<K, V>[] entries = new Map.Entry[map.containsKey(key) ? map.size() : map.size() + 1];
            int filled = 0;
            for (Map.Entry<K, V> entry : map.entrySet()) {
                if (!entry.getKey().equals(key)) {
                    entries[filled++] = entry;
                }
            }
            entries[filled] = Map.entry(key, value);
            return Map.ofEntries(entries);
        }

        public AccountSnapshot build() {
            return new AccountSnapshot(from.accountId, balances, marginModes, leverages,
                    positions != null ? positions : from.positions,
                    orders != null ? orders : from.orders,
                    markPrices);
        }
    }
}
