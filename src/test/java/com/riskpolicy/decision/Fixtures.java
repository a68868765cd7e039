package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
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

/** Accounts for engine-level tests, written the way a risk officer would describe them. */
final class Fixtures {

    private final Map<String, BigDecimal> balances = new HashMap<>();
    private final Map<String, MarginMode> modes = new HashMap<>();
    private final Map<String, BigDecimal> leverages = new HashMap<>();
    private final List<Position> positions = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final Map<String, BigDecimal> marks = new HashMap<>();

    static Fixtures account() {
        return new Fixtures();
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    Fixtures balance(String currency, String amount) {
        balances.put(currency, d(amount));
        return this;
    }

    Fixtures mode(String symbol, MarginMode mode) {
        modes.put(symbol, mode);
        return this;
    }

    Fixtures leverage(String symbol, String leverage) {
        leverages.put(symbol, d(leverage));
        return this;
    }

    Fixtures mark(String symbol, String price) {
        marks.put(symbol, d(price));
        return this;
    }

    Fixtures isolated(String symbol, PositionSide side, String quantity, String entry, String leverage, String margin) {
        modes.put(symbol, MarginMode.ISOLATED);
        leverages.put(symbol, d(leverage));
        positions.add(new Position(symbol, side, d(quantity), d(entry), d(leverage), MarginMode.ISOLATED, d(margin)));
        return this;
    }

    Fixtures cross(String symbol, PositionSide side, String quantity, String entry, String leverage) {
        modes.put(symbol, MarginMode.CROSS);
        leverages.put(symbol, d(leverage));
        positions.add(new Position(symbol, side, d(quantity), d(entry), d(leverage), MarginMode.CROSS, BigDecimal.ZERO));
        return this;
    }

    Fixtures order(String symbol, OrderSide side, String quantity, String price, String leverage) {
        orders.add(new Order("order-" + (orders.size() + 1), symbol, side, d(quantity), d(price), d(leverage),
                modes.getOrDefault(symbol, MarginMode.CROSS)));
        return this;
    }

    AccountSnapshot build() {
        return new AccountSnapshot("acc", balances, modes, leverages, positions, orders, marks);
    }
}
