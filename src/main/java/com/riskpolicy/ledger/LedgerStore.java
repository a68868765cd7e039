package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.Position;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps the ledger's rows to immutable {@link AccountSnapshot}s and writes a changed snapshot back.
 * Entities never leave this package. Callers run inside a transaction.
 */
@ApplicationScoped
class LedgerStore {

    @Inject
    AccountRepository accounts;
    @Inject
    BalanceRepository balances;
    @Inject
    SymbolSettingRepository settings;
    @Inject
    PositionRepository positions;
    @Inject
    OrderRepository orders;
    @Inject
    MarkPriceBook markPrices;

    boolean exists(String accountId) {
        return accounts.findByIdOptional(accountId).isPresent();
    }

    /** Takes the account's row lock until the transaction ends. */
    AccountEntity lock(String accountId) {
        return accounts.findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new AccountNotFoundException(accountId));
    }

    Optional<AccountSnapshot> find(String accountId) {
        if (!exists(accountId)) {
            return Optional.empty();
        }
        Map<String, BigDecimal> wallet = new HashMap<>();
        balances.ofAccount(accountId).forEach(b -> wallet.put(b.currency, b.amount));
        Map<String, MarginMode> modes = new HashMap<>();
        Map<String, BigDecimal> leverages = new HashMap<>();
        for (SymbolSettingEntity setting : settings.ofAccount(accountId)) {
            if (setting.marginMode != null) {
                modes.put(setting.symbol, setting.marginMode);
            }
            if (setting.leverage != null) {
                leverages.put(setting.symbol, setting.leverage);
            }
        }
        List<Position> held = positions.ofAccount(accountId).stream()
                .map(p -> new Position(p.symbol, p.side, p.quantity, p.entryPrice, p.leverage, p.mode, p.isolatedMargin))
                .toList();
        List<Order> resting = orders.ofAccount(accountId).stream()
                .sorted((a, b) -> a.createdAt.compareTo(b.createdAt))
                .map(o -> new Order(o.orderId, o.symbol, o.side, o.quantity, o.price, o.leverage, o.mode))
                .toList();
        return Optional.of(new AccountSnapshot(accountId, wallet, modes, leverages, held, resting, markPrices.all()));
    }

    void create(String accountId, Map<String, BigDecimal> wallet) {
        AccountEntity account = new AccountEntity();
        account.accountId = accountId;
        account.createdAt = Instant.now();
        account.updatedAt = account.createdAt;
        accounts.persist(account);
        wallet.forEach((currency, amount) -> {
            BalanceEntity balance = new BalanceEntity();
            balance.accountId = accountId;
            balance.currency = currency;
            balance.amount = amount;
            balances.persist(balance);
        });
    }

    /** Writes what differs between {@code before} and {@code after}; bumps the account's version. */
    void save(AccountEntity account, AccountSnapshot before, AccountSnapshot after) {
        String accountId = account.accountId;
        saveBalances(accountId, before, after);
        saveSettings(accountId, before, after);
        savePositions(accountId, before, after);
        saveOrders(accountId, before, after);
        account.updatedAt = Instant.now();
    }

    private void saveBalances(String accountId, AccountSnapshot before, AccountSnapshot after) {
        if (before.balances().equals(after.balances())) {
            return;
        }
        Map<String, BalanceEntity> rows = byKey(balances.ofAccount(accountId), b -> b.currency);
        after.balances().forEach((currency, amount) -> {
            BalanceEntity row = rows.get(currency);
            if (row == null) {
                row = new BalanceEntity();
                row.accountId = accountId;
                row.currency = currency;
                row.amount = amount;
                balances.persist(row);
            } else if (row.amount.compareTo(amount) != 0) {
                row.amount = amount;
            }
        });
    }

    private void saveSettings(String accountId, AccountSnapshot before, AccountSnapshot after) {
        if (before.marginModes().equals(after.marginModes()) && before.leverages().equals(after.leverages())) {
            return;
        }
        Map<String, SymbolSettingEntity> rows = byKey(settings.ofAccount(accountId), s -> s.symbol);
        Set<String> symbols = new TreeSet<>(after.marginModes().keySet());
        symbols.addAll(after.leverages().keySet());
        for (String symbol : symbols) {
            SymbolSettingEntity row = rows.get(symbol);
            if (row == null) {
                row = new SymbolSettingEntity();
                row.accountId = accountId;
                row.symbol = symbol;
                settings.persist(row);
            }
            row.marginMode = after.marginModes().get(symbol);
            row.leverage = after.leverages().get(symbol);
        }
    }

    private void savePositions(String accountId, AccountSnapshot before, AccountSnapshot after) {
        if (before.positions().equals(after.positions())) {
            return;
        }
        Map<String, PositionEntity> rows = byKey(positions.ofAccount(accountId), p -> p.symbol);
        Map<String, Position> wanted = byKey(after.positions(), Position::symbol);
        rows.forEach((symbol, row) -> {
            if (!wanted.containsKey(symbol)) {
                positions.delete(row);
            }
        });
        wanted.forEach((symbol, position) -> {
            PositionEntity row = rows.get(symbol);
            if (row == null) {
                row = new PositionEntity();
                row.accountId = accountId;
                row.symbol = symbol;
                write(row, position);
                positions.persist(row);
            } else if (!Objects.equals(before.position(symbol).orElse(null), position)) {
                write(row, position);
            }
        });
    }

    private static void write(PositionEntity row, Position position) {
        row.side = position.side();
        row.quantity = position.quantity();
        row.entryPrice = position.entryPrice();
        row.leverage = position.leverage();
        row.mode = position.mode();
        row.isolatedMargin = position.isolatedMargin();
    }

    private void saveOrders(String accountId, AccountSnapshot before, AccountSnapshot after) {
        if (before.orders().equals(after.orders())) {
            return;
        }
        Map<String, Order> wanted = byKey(after.orders(), Order::orderId);
        Map<String, Order> existing = byKey(before.orders(), Order::orderId);
        existing.keySet().stream().filter(id -> !wanted.containsKey(id)).forEach(orders::deleteById);
        Instant now = Instant.now();
        wanted.values().stream().filter(o -> !existing.containsKey(o.orderId())).forEach(order -> {
            OrderEntity row = new OrderEntity();
            row.orderId = order.orderId();
            row.accountId = accountId;
            row.symbol = order.symbol();
            row.side = order.side();
            row.quantity = order.quantity();
            row.price = order.price();
            row.leverage = order.leverage();
            row.mode = order.mode();
            row.createdAt = now;
            orders.persist(row);
        });
    }

    private static <K, V> Map<K, V> byKey(List<V> rows, Function<V, K> key) {
        return rows.stream().collect(Collectors.toMap(key, Function.identity()));
    }
}
