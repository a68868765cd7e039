package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationBook;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.hibernate.Session;

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
    @Inject
    EntityManager entityManager;
    @Inject
    DataSource dataSource;

    /** The stamps' queries by their placeholders' power of two: 1, 2, 4, … up to the most a query reads ({@link #stamps}). */
    private static final String[] STAMP_QUERIES = IntStream
            .rangeClosed(0, Integer.numberOfTrailingZeros(placeholders(StampReads.MOST_PER_QUERY)))
            .mapToObj(power -> stampQuery(1 << power)).toArray(String[]::new);

    /** Started by the first check on a shared database ({@link #stamp}). */
    private volatile StampReads stampReads;

    /** An account row's version and the mark-price epoch, read together. */
    record Stamp(long version, long markPriceEpoch) {
    }

    /**
     * Whether the account exists, without making its row an entity of the transaction: a row read
     * unlocked and locked later in the same transaction would be stale by then (another node may
     * have written it between), and Hibernate would refuse to lock it.
     */
    boolean exists(String accountId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM account WHERE account_id = ?1")
                .setParameter(1, accountId).getResultList().isEmpty();
    }

    /** Takes the account's row lock until the transaction ends. */
    AccountEntity lock(String accountId) {
        return accounts.findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new AccountNotFoundException(accountId));
    }

    /**
     * The account's row version and the mark-price epoch as committed after this call began, read
     * with the other checks waiting then in one query outside any transaction ({@link StampReads}):
     * empty when there is no such account.
     */
    Optional<Stamp> stamp(String accountId) {
        StampReads reads = stampReads;
        if (reads == null) {
            synchronized (this) {
                if (stampReads == null) {
                    stampReads = new StampReads("account-stamps", this::stamps);
                }
                reads = stampReads;
            }
        }
        return reads.stamp(accountId);
    }

    @PreDestroy
    synchronized void stopReadingStamps() {
        if (stampReads != null) {
            stampReads.close();
        }
    }

    /**
     * The stamps of those of the accounts that exist, read with one query outside any transaction.
     *
     * <p>The query names the accounts one placeholder each, as many as the next power of two (the
     * last account repeated), so that there are only a few statements and PostgreSQL keeps a plan
     * for each. With the accounts as one array parameter it planned the query again at every
     * execution (a plan for an array of unknown length looked dearer to it than one for the array at
     * hand), which cost its server about twice the CPU of the query itself (BENCHMARKS.md, HTTP
     * checks beside their baseline).
     */
    Map<String, Stamp> stamps(Set<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>(accountIds);
        int placeholders = placeholders(ids.size());
        while (ids.size() < placeholders) {
            ids.add(ids.get(ids.size() - 1));
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(STAMP_QUERIES[Integer.numberOfTrailingZeros(placeholders)])) {
            for (int i = 0; i < placeholders; i++) {
                statement.setString(i + 1, ids.get(i));
            }
            Map<String, Stamp> stamps = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1) != null) {
                        stamps.put(rows.getString(1), new Stamp(rows.getLong(2), rows.getLong(3)));
                    }
                }
            }
            return stamps;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the versions of accounts " + accountIds + ": " + e.getMessage(), e);
        }
    }

    /** The placeholders of a stamps' query for {@code accounts} accounts (at least one): the next power of two. */
    private static int placeholders(int accounts) {
        return Math.max(1, Integer.highestOneBit(accounts - 1) << 1);
    }

    /** The stamps' query with {@code placeholders} accounts; one row even when none of them exists. */
    private static String stampQuery(int placeholders) {
        return "SELECT a.account_id, a.version, e.epoch FROM ledger_epoch e LEFT JOIN account a ON a.account_id IN ("
                + String.join(", ", Collections.nCopies(placeholders, "?")) + ") WHERE e.name = 'mark_prices'";
    }

    /** Writes what the transaction has changed so far (and so moves changed rows' versions on). */
    void flush() {
        entityManager.flush();
    }

    /** The account's row version, in the caller's transaction. */
    long version(String accountId) {
        return ((Number) entityManager.createNativeQuery("SELECT version FROM account WHERE account_id = ?1")
                .setParameter(1, accountId).getSingleResult()).longValue();
    }

    /**
     * Marks the accounts as changed (a new row version, and on PostgreSQL the writing transaction)
     * when their positions were changed without their account row: other nodes then read them again.
     */
    void touch(Collection<String> accountIds) {
        List<String> ids = List.copyOf(new TreeSet<>(accountIds));
        for (List<String> chunk : Chunks.of(ids)) {
            entityManager.createQuery("update AccountEntity a set a.version = a.version + 1, a.updatedAt = :now"
                            + " where a.accountId in :ids")
                    .setParameter("now", Instant.now()).setParameter("ids", chunk)
                    .executeUpdate();
        }
    }

    /** The margin calls in force on the account: contracts, and {@link LiquidationBook#CROSS_BOOK}. */
    Set<String> marginCalls(String accountId) {
        Set<String> out = new TreeSet<>();
        entityManager.createNativeQuery("SELECT scope FROM margin_call WHERE account_id = ?1").setParameter(1, accountId)
                .getResultList().forEach(scope -> out.add((String) scope));
        return out;
    }

    /** Every margin call in force, by account. */
    Map<String, Set<String>> allMarginCalls() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Object row : entityManager.createNativeQuery("SELECT account_id, scope FROM margin_call").getResultList()) {
            Object[] columns = (Object[]) row;
            out.computeIfAbsent((String) columns[0], id -> new TreeSet<>()).add((String) columns[1]);
        }
        return out;
    }

    /** Records that a margin call is in force ({@code raised}) or no longer. */
    void marginCall(String accountId, String scope, boolean raised) {
        entityManager.createNativeQuery("DELETE FROM margin_call WHERE account_id = ?1 AND scope = ?2")
                .setParameter(1, accountId).setParameter(2, scope).executeUpdate();
        if (raised) {
            entityManager.createNativeQuery("INSERT INTO margin_call (account_id, scope, raised_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, accountId).setParameter(2, scope).setParameter(3, Instant.now()).executeUpdate();
        }
    }

    /** Withdraws the margin calls in force in {@code scope} on these accounts, {@link Chunks#SIZE} accounts per statement. */
    void clearMarginCalls(String scope, Collection<String> accountIds) {
        for (List<String> chunk : Chunks.of(List.copyOf(accountIds))) {
            entityManager.createNativeQuery("DELETE FROM margin_call WHERE scope = :scope AND account_id IN (:ids)")
                    .setParameter("scope", scope).setParameter("ids", chunk)
                    .executeUpdate();
        }
    }

    /** Records margin calls in force in {@code scope} on these accounts, which have none there: one JDBC batch. */
    void raiseMarginCalls(String scope, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO margin_call (account_id, scope, raised_at) VALUES (?, ?, ?)")) {
                for (String accountId : accountIds) {
                    insert.setString(1, accountId);
                    insert.setString(2, scope);
                    insert.setObject(3, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
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

    /**
     * The committed state of these accounts, those that exist, as {@link #find} reads one: a few
     * queries per 500 accounts instead of five per account, and no entities left in the transaction.
     */
    Map<String, AccountSnapshot> findAll(Collection<String> accountIds) {
        Map<String, AccountSnapshot> out = new HashMap<>();
        Map<String, BigDecimal> marks = markPrices.all();
        List<String> ids = List.copyOf(new TreeSet<>(accountIds));
        for (List<String> chunk : Chunks.of(ids)) {
            Map<String, Map<String, BigDecimal>> wallets = new HashMap<>();
            Map<String, Map<String, MarginMode>> modes = new HashMap<>();
            Map<String, Map<String, BigDecimal>> leverages = new HashMap<>();
            Map<String, List<Position>> held = new HashMap<>();
            Map<String, List<Order>> resting = new HashMap<>();
            List<String> existing = entityManager.createQuery("select a.accountId from AccountEntity a where a.accountId in :ids",
                    String.class).setParameter("ids", chunk).getResultList();
            for (Object[] row : rows("select b.accountId, b.currency, b.amount from BalanceEntity b where b.accountId in :ids", chunk)) {
                wallets.computeIfAbsent((String) row[0], id -> new HashMap<>()).put((String) row[1], (BigDecimal) row[2]);
            }
            for (Object[] row : rows("select s.accountId, s.symbol, s.marginMode, s.leverage from SymbolSettingEntity s"
                    + " where s.accountId in :ids", chunk)) {
                if (row[2] != null) {
                    modes.computeIfAbsent((String) row[0], id -> new HashMap<>()).put((String) row[1], (MarginMode) row[2]);
                }
                if (row[3] != null) {
                    leverages.computeIfAbsent((String) row[0], id -> new HashMap<>()).put((String) row[1], (BigDecimal) row[3]);
                }
            }
            for (Object[] row : rows("select p.accountId, p.symbol, p.side, p.quantity, p.entryPrice, p.leverage, p.mode,"
                    + " p.isolatedMargin from PositionEntity p where p.accountId in :ids", chunk)) {
                held.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(new Position((String) row[1],
                        (PositionSide) row[2], (BigDecimal) row[3], (BigDecimal) row[4],
                        (BigDecimal) row[5], (MarginMode) row[6], (BigDecimal) row[7]));
            }
            for (Object[] row : rows("select o.accountId, o.orderId, o.symbol, o.side, o.quantity, o.price, o.leverage, o.mode"
                    + " from OrderEntity o where o.accountId in :ids order by o.createdAt", chunk)) {
                resting.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(new Order((String) row[1],
                        (String) row[2], (OrderSide) row[3], (BigDecimal) row[4], (BigDecimal) row[5],
                        (BigDecimal) row[6], (MarginMode) row[7]));
            }
            for (String id : existing) {
                out.put(id, new AccountSnapshot(id, wallets.getOrDefault(id, Map.of()), modes.getOrDefault(id, Map.of()),
                        leverages.getOrDefault(id, Map.of()), held.getOrDefault(id, List.of()),
                        resting.getOrDefault(id, List.of()), marks));
            }
        }
        return out;
    }

    /** The margin calls in force on these accounts, by account (an account without any is left out). */
    Map<String, Set<String>> marginCalls(Collection<String> accountIds) {
        Map<String, Set<String>> out = new HashMap<>();
        for (List<String> chunk : Chunks.of(List.copyOf(accountIds))) {
            for (Object row : entityManager.createNativeQuery("SELECT account_id, scope FROM margin_call WHERE account_id IN (:ids)")
                    .setParameter("ids", chunk).getResultList()) {
                Object[] columns = (Object[]) row;
                out.computeIfAbsent((String) columns[0], id -> new TreeSet<>()).add((String) columns[1]);
            }
        }
        return out;
    }

    private List<Object[]> rows(String query, List<String> accountIds) {
        return entityManager.createQuery(query, Object[].class).setParameter("ids", accountIds).getResultList();
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
        // As the liquidation index does: a changed or closed position has no margin call in force,
        // and neither has a cross book that has just lost its last position
        rows.keySet().stream().filter(symbol -> !Objects.equals(before.position(symbol).orElse(null), wanted.get(symbol)))
                .forEach(symbol -> marginCall(accountId, symbol, false));
        if (!before.positions().stream().allMatch(Position::isIsolated)
                && after.positions().stream().allMatch(Position::isIsolated)) {
            marginCall(accountId, LiquidationBook.CROSS_BOOK, false);
        }
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
