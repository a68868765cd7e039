package com.riskpolicy.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.AdlRanking;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.liquidation.LiquidationEvent.ClosedPosition;
import com.riskpolicy.liquidation.TickLedger;
import com.riskpolicy.liquidation.TickPlan;
import com.riskpolicy.liquidation.TickPlanner;
import com.riskpolicy.rules.RuleSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mark-price ticks and what they cause (spec §3.6): every new mark price is checked against the
 * liquidation thresholds of the positions and cross books it moves; liquidations, ADL fills and
 * margin calls are applied and recorded in the same transaction as the price. Also the insurance
 * fund and the ADL queue.
 *
 * <p>Ticks run one at a time. A tick locks every account it reads or changes until it has
 * committed, so margin and leverage requests on those accounts wait for it (and never the other
 * way round while it decides): no lost update, no double liquidation.
 */
@ApplicationScoped
public class Liquidations {

    private static final Logger LOG = Logger.getLogger(Liquidations.class);
    private static final int CHUNK = 500;

    @Inject
    LedgerStore store;
    @Inject
    AccountLocks locks;
    @Inject
    AccountCache cache;
    @Inject
    MarkPriceBook markPrices;
    @Inject
    LiquidationBook book;
    @Inject
    EntityManager entityManager;
    @Inject
    AccountRepository accounts;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "policy.insurance-fund.initial-balances", defaultValue = "USDT=1000000")
    Map<String, String> initialFund;

    private final ReentrantLock ticks = new ReentrantLock(true);

    /** What a tick did. */
    public record Tick(String symbol, BigDecimal markPrice, List<LiquidationEvent> events) {
    }

    /** Seeds the insurance fund and rebuilds the index from the database, before the first request. */
    void start(@Observes @Priority(10) StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::seedFund);
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> rebuild(book));
        LOG.infof("Liquidation index rebuilt in %d ms: %d isolated positions, %d accounts with cross positions",
                (System.nanoTime() - started) / 1_000_000, book.isolatedPositions(), book.crossAccounts());
    }

    private void seedFund() {
        initialFund.forEach((currency, amount) -> {
            if (entityManager.find(InsuranceFundEntity.class, currency) == null) {
                InsuranceFundEntity fund = new InsuranceFundEntity();
                fund.currency = currency;
                fund.balance = Money.out(new BigDecimal(amount.trim()));
                fund.updatedAt = Instant.now();
                entityManager.persist(fund);
            }
        });
    }

    /** Fills {@code into} with every position in the database, as at startup. Ticks must not run meanwhile. */
    public void rebuild(LiquidationBook into) {
        QuarkusTransaction.joiningExisting().run(() -> load(into));
    }

    private void load(LiquidationBook into) {
        List<String> crossAccounts = new ArrayList<>();
        entityManager.createQuery("select p.accountId, p.symbol, p.side, p.quantity, p.entryPrice, p.leverage, p.mode, "
                        + "p.isolatedMargin from PositionEntity p", Object[].class)
                .setHint("org.hibernate.fetchSize", 1000)
                .getResultStream()
                .forEach(row -> {
                    Position position = new Position((String) row[1], (PositionSide) row[2], (BigDecimal) row[3],
                            (BigDecimal) row[4], (BigDecimal) row[5], (com.riskpolicy.domain.MarginMode) row[6],
                            (BigDecimal) row[7]);
                    if (position.isIsolated()) {
                        into.load((String) row[0], position);
                    } else {
                        crossAccounts.add((String) row[0]);
                    }
                });
        crossAccounts.stream().distinct().forEach(id -> store.find(id).ifPresent(into::loadCrossAccount));
    }

    /**
     * Records {@code price} as {@code symbol}'s mark price and carries out what it causes. A repeated
     * tick at the same price finds nothing left to do.
     */
    public Tick tick(RuleSet rules, String symbol, BigDecimal price) {
        Timer.Sample sample = Timer.start(registry);
        ticks.lock();
        try (AccountLocks.Held held = locks.hold()) {
            Map<String, BigDecimal> marks = new HashMap<>(markPrices.all());
            marks.put(symbol, price);
            Map<String, BigDecimal> fund = insuranceFund();
            TickPlan plan = new TickPlanner(book, rules, ledger(held), symbol, price, marks, fund, Instant.now()).plan();
            try {
                markPrices.set(symbol, price, () -> apply(plan));
            } catch (RuntimeException e) {
                plan.isolatedCloses().forEach(key -> cache.forget(key.accountId()));
                plan.accountChanges().forEach(change -> cache.forget(change.after().accountId()));
                throw e;
            }
            followCommitted(plan);
            plan.events().forEach(e -> registry.counter("policy.liquidation.events", "type", e.type().name()).increment());
            if (!plan.events().isEmpty()) {
                LOG.infof("Mark price %s %s: %d events", symbol, price.toPlainString(), plan.events().size());
            }
            return new Tick(symbol, price, plan.events());
        } finally {
            ticks.unlock();
            sample.stop(registry.timer("policy.mark_price.ticks"));
        }
    }

    private TickLedger ledger(AccountLocks.Held held) {
        return new TickLedger() {
            @Override
            public void lock(String accountId) {
                held.lock(accountId);
            }

            @Override
            public AccountSnapshot lockAndRead(String accountId) {
                held.lock(accountId);
                AccountSnapshot cached = cache.get(accountId);
                if (cached == null) {
                    cached = QuarkusTransaction.requiringNew().call(() ->
                            store.find(accountId).orElseThrow(() -> new AccountNotFoundException(accountId)));
                    cache.put(cached);
                }
                return cached.withMarkPrices(Map.of());
            }
        };
    }

    /** Writes the tick's changes; runs inside the transaction that records the mark price. */
    private void apply(TickPlan plan) {
        Map<String, List<String>> closesBySymbol = new TreeMap<>();
        plan.isolatedCloses().forEach(key -> closesBySymbol.computeIfAbsent(key.symbol(), s -> new ArrayList<>()).add(key.accountId()));
        closesBySymbol.forEach((symbol, accountIds) -> {
            for (int from = 0; from < accountIds.size(); from += CHUNK) {
                List<String> chunk = accountIds.subList(from, Math.min(accountIds.size(), from + CHUNK));
                entityManager.createQuery("delete from PositionEntity p where p.symbol = :symbol and p.accountId in :ids")
                        .setParameter("symbol", symbol).setParameter("ids", chunk).executeUpdate();
                entityManager.createQuery("delete from OrderEntity o where o.symbol = :symbol and o.accountId in :ids")
                        .setParameter("symbol", symbol).setParameter("ids", chunk).executeUpdate();
            }
        });
        for (TickPlan.AccountChange change : plan.accountChanges()) {
            AccountEntity row = accounts.findById(change.after().accountId());
            store.save(row, change.before(), change.after());
        }
        plan.fundDeltas().forEach((currency, delta) -> {
            InsuranceFundEntity fund = entityManager.find(InsuranceFundEntity.class, currency);
            if (fund == null) {
                fund = new InsuranceFundEntity();
                fund.currency = currency;
                fund.balance = BigDecimal.ZERO.setScale(Money.SCALE);
                entityManager.persist(fund);
            }
            fund.balance = fund.balance.add(delta);
            fund.updatedAt = Instant.now();
        });
        for (LiquidationEvent event : plan.events()) {
            entityManager.persist(entity(event));
        }
    }

    /** After the commit: the cache and the index follow. Still under the accounts' locks. */
    private void followCommitted(TickPlan plan) {
        for (TickPlan.PositionKey key : plan.isolatedCloses()) {
            AccountSnapshot cached = cache.get(key.accountId());
            if (cached != null) {
                cache.put(cached.toBuilder().removePosition(key.symbol())
                        .removeOrders(o -> o.symbol().equals(key.symbol())).build());
            }
        }
        plan.accountChanges().forEach(change -> cache.put(change.after()));
        book.applied(plan);
    }

    // ---------------------------------------------------------------------------------------------
    // Insurance fund
    // ---------------------------------------------------------------------------------------------

    /** The insurance fund's balance per settlement currency. */
    public Map<String, BigDecimal> insuranceFund() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, BigDecimal> out = new TreeMap<>();
            entityManager.createQuery("select f from InsuranceFundEntity f", InsuranceFundEntity.class)
                    .getResultList().forEach(f -> out.put(f.currency, f.balance));
            return out;
        });
    }

    /**
     * Pays {@code amount} into the fund (positive) or out of it (negative). A withdrawal may not take
     * the fund below zero; only liquidations can.
     */
    public Map<String, BigDecimal> transferFund(String currency, BigDecimal amount) {
        ticks.lock();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                InsuranceFundEntity fund = entityManager.find(InsuranceFundEntity.class, currency);
                BigDecimal balance = fund == null ? BigDecimal.ZERO : fund.balance;
                if (balance.add(amount).signum() < 0) {
                    throw new LedgerConflictException(409, "the " + currency + " insurance fund holds "
                            + Money.out(balance).toPlainString() + ", less than the " + amount.negate().toPlainString()
                            + " to withdraw");
                }
                if (fund == null) {
                    fund = new InsuranceFundEntity();
                    fund.currency = currency;
                    fund.balance = BigDecimal.ZERO.setScale(Money.SCALE);
                    entityManager.persist(fund);
                }
                fund.balance = fund.balance.add(amount);
                fund.updatedAt = Instant.now();
            });
            return insuranceFund();
        } finally {
            ticks.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries
    // ---------------------------------------------------------------------------------------------

    /** Persisted events, newest first; null filters match everything. */
    public List<LiquidationEvent> events(String accountId, String symbol, LiquidationType type, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("where 1 = 1");
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (accountId != null) {
                where.append(" and e.accountId = :accountId");
                parameters.put("accountId", accountId);
            }
            if (symbol != null) {
                where.append(" and e.symbol = :symbol");
                parameters.put("symbol", symbol);
            }
            if (type != null) {
                where.append(" and e.type = :type");
                parameters.put("type", type);
            }
            TypedQuery<LiquidationEventEntity> query = entityManager.createQuery(
                    "select e from LiquidationEventEntity e " + where + " order by e.id desc", LiquidationEventEntity.class);
            parameters.forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList().stream().map(this::event).toList();
        });
    }

    /** Each side's positions in {@code symbol} in the order ADL would take them, with their indicators. */
    public Map<PositionSide, List<AdlRanking.Placed>> adlQueue(RuleSet rules, String symbol,
                                                               java.util.function.Function<String, AccountSnapshot> accounts) {
        BigDecimal mark = markPrices.price(symbol).orElse(null);
        Map<PositionSide, List<AdlRanking.Placed>> out = new EnumMap<>(PositionSide.class);
        for (PositionSide side : PositionSide.values()) {
            out.put(side, mark == null ? List.of()
                    : AdlRanking.place(AdlRanking.queue(book, rules.math(), symbol, side, mark, accounts)));
        }
        return out;
    }

    private LiquidationEventEntity entity(LiquidationEvent event) {
        LiquidationEventEntity row = new LiquidationEventEntity();
        row.eventId = event.eventId();
        row.type = event.type();
        row.accountId = event.accountId();
        row.symbol = event.symbol();
        row.side = event.side();
        row.quantity = event.quantity();
        row.riskRatio = Money.out(event.riskRatio());
        row.markPrice = event.markPrice();
        row.price = event.price();
        row.marginForfeited = event.marginForfeited();
        row.insuranceFundDelta = event.insuranceFundDelta();
        row.realizedPnl = event.realizedPnl();
        row.adlCounterparties = write(event.adlCounterparties());
        row.closedPositions = write(event.closedPositions());
        row.rule = event.rule();
        row.ruleSetRevision = event.ruleSetRevision();
        row.note = event.note();
        row.at = event.at();
        return row;
    }

    private LiquidationEvent event(LiquidationEventEntity row) {
        return new LiquidationEvent(row.eventId, row.type, row.accountId, row.symbol, row.side, row.quantity,
                row.riskRatio, row.markPrice, row.price, row.marginForfeited, row.insuranceFundDelta, row.realizedPnl,
                read(row.adlCounterparties, new TypeReference<List<AdlFill>>() { }),
                read(row.closedPositions, new TypeReference<List<ClosedPosition>>() { }),
                row.rule, row.ruleSetRevision, row.note, row.at);
    }

    private String write(List<?> list) {
        if (list.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + list, e);
        }
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + text, e);
        }
    }
}
