package com.riskpolicy.liquidation;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.ShippedRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small exchange in memory for planner tests: committed accounts, mark prices, the insurance
 * fund, and the liquidation index, kept as the ledger keeps them (a tick's plan is applied whole).
 */
final class Exchange {

    final RuleSet rules;
    final LiquidationBook book;
    final Map<String, AccountSnapshot> accounts = new TreeMap<>();
    final Map<String, BigDecimal> marks = new HashMap<>();
    final Map<String, BigDecimal> fund = new HashMap<>();
    final List<String> locked = new ArrayList<>();

    Exchange(RuleSet rules) {
        this.rules = rules;
        this.book = new LiquidationBook(rules);
        fund.put("USDT", new BigDecimal("1000000"));
    }

    static Exchange shipped() {
        return new Exchange(ShippedRules.active());
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    Exchange mark(String symbol, String price) {
        marks.put(symbol, d(price));
        return this;
    }

    Exchange fund(String amount) {
        fund.put("USDT", d(amount));
        return this;
    }

    Trader trader(String accountId, String usdt) {
        return new Trader(accountId, usdt);
    }

    AccountSnapshot account(String accountId) {
        return accounts.get(accountId);
    }

    /** Runs a tick and applies its plan as the ledger would; returns it. */
    TickPlan tick(String symbol, String price) {
        marks.put(symbol, d(price));
        locked.clear();
        TickLedger ledger = new TickLedger() {
            @Override
            public void lock(String accountId) {
                locked.add(accountId);
            }

            @Override
            public AccountSnapshot lockAndRead(String accountId) {
                locked.add(accountId);
                return accounts.get(accountId);
            }
        };
        TickPlan plan = new TickPlanner(book, rules, ledger, symbol, d(price), marks, fund, Instant.EPOCH).plan();
        plan.isolatedCloses().forEach(key -> accounts.computeIfPresent(key.accountId(), (id, account) ->
                account.toBuilder().removePosition(key.symbol()).removeOrders(o -> o.symbol().equals(key.symbol())).build()));
        plan.accountChanges().forEach(change -> accounts.put(change.after().accountId(), change.after()));
        plan.fundDeltas().forEach((currency, delta) -> fund.merge(currency, delta, BigDecimal::add));
        book.applied(plan);
        return plan;
    }

    /** Σ settlement balances + Σ isolated margins + insurance fund: what only realized PnL and deposits change. */
    BigDecimal books() {
        BigDecimal total = fund.get("USDT");
        for (AccountSnapshot account : accounts.values()) {
            total = total.add(account.balance("USDT"));
            for (Position position : account.positions()) {
                total = total.add(position.isolatedMargin());
            }
        }
        return total;
    }

    final class Trader {
        private final String accountId;
        private AccountSnapshot account;

        private Trader(String accountId, String usdt) {
            this.accountId = accountId;
            this.account = new AccountSnapshot(accountId, Map.of("USDT", d(usdt)), Map.of(), Map.of(), List.of(), List.of(), Map.of());
            commit();
        }

        Trader balance(String currency, String amount) {
            account = account.toBuilder().credit(currency, d(amount).subtract(account.balance(currency))).build();
            return commit();
        }

        Trader isolated(String symbol, PositionSide side, String quantity, String entry, String leverage, String margin) {
            account = account.toBuilder().marginMode(symbol, MarginMode.ISOLATED).leverage(symbol, d(leverage))
                    .position(new Position(symbol, side, d(quantity), d(entry), d(leverage), MarginMode.ISOLATED, d(margin)))
                    .build();
            return commit();
        }

        Trader cross(String symbol, PositionSide side, String quantity, String entry, String leverage) {
            account = account.toBuilder().marginMode(symbol, MarginMode.CROSS).leverage(symbol, d(leverage))
                    .position(new Position(symbol, side, d(quantity), d(entry), d(leverage), MarginMode.CROSS, BigDecimal.ZERO))
                    .build();
            return commit();
        }

        Trader order(String symbol, OrderSide side, String quantity, String price, String leverage, MarginMode mode) {
            account = account.toBuilder().order(new Order("o-" + accountId + "-" + account.orders().size(), symbol, side,
                    d(quantity), d(price), d(leverage), mode)).build();
            return commit();
        }

        private Trader commit() {
            AccountSnapshot before = accounts.get(accountId);
            accounts.put(accountId, account);
            book.update(before, account);
            return this;
        }
    }
}
