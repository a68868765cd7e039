package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.liquidation.LiquidationEvent;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Mark-price ticks and what they cause (docs/margin-policy.md §3.6): every new mark price is checked against the
 * liquidation thresholds of the positions and cross books it moves; liquidations, ADL fills and
 * margin calls are applied and recorded in the same transaction as the price. The index that finds
 * them ({@link LiquidationBook}) is rebuilt from the database at startup.
 *
 * <p>Ticks run one at a time. A tick locks every account it reads or changes until it has
 * committed, so margin and leverage requests on those accounts wait for it (and never the other
 * way round while it decides): no lost update, no position liquidated twice. It holds the insurance fund
 * from reading its balance until it has committed ({@link InsuranceFund#hold()}), so no fund
 * transfer comes between. Locks are taken in that order: ticks, fund, accounts.
 */
@ApplicationScoped
public class MarkPriceTicks {

    private static final Logger LOG = Logger.getLogger(MarkPriceTicks.class);
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
    InsuranceFund fund;
    @Inject
    LiquidationEvents events;
    @Inject
    EntityManager entityManager;
    @Inject
    AccountRepository accounts;
    @Inject
    MeterRegistry registry;

    /** One tick at a time: {@link AccountLocks#hold()} and the index's single writer rely on it. */
    private final ReentrantLock ticks = new ReentrantLock(true);

    /** What a tick did. */
    public record Tick(String symbol, BigDecimal markPrice, List<LiquidationEvent> events) {
    }

    /** Rebuilds the index from the database, before the first request. */
    void start(@Observes @Priority(10) StartupEvent event) {
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> rebuild(book));
        LOG.infof("Liquidation index rebuilt in %d ms: %d isolated positions, %d accounts with cross positions",
                (System.nanoTime() - started) / 1_000_000, book.isolatedPositions(), book.crossAccounts());
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
        try (InsuranceFund.Held heldFund = fund.hold(); AccountLocks.Held held = locks.hold()) {
            Map<String, BigDecimal> marks = new HashMap<>(markPrices.all());
            marks.put(symbol, price);
            TickPlan plan = new TickPlanner(book, rules, ledger(held), symbol, price, marks, heldFund.balances(),
                    Instant.now()).plan();
            try {
                markPrices.set(symbol, price, () -> apply(plan, heldFund));
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
    private void apply(TickPlan plan, InsuranceFund.Held heldFund) {
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
        heldFund.add(plan.fundDeltas());
        events.record(plan.events());
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
}
