package com.riskpolicy.ledger;

import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.cluster.Daemons;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mark-price ticks and what they cause (docs/margin-policy.md §3.6): every new mark price is checked against the
 * liquidation thresholds of the positions and cross books it moves; liquidations, ADL fills and
 * margin calls are applied and recorded in the same transaction as the price. The index that finds
 * them ({@link LiquidationBook}) is rebuilt from the database at startup.
 *
 * <p>Ticks run one at a time, over all nodes: a tick holds the mark-price epoch's row lock
 * ({@link MarkPriceBook#lockEpoch()}) from its start to its commit. On a database shared with other
 * nodes it first reads what they changed since it last looked ({@link ClusterChanges}), and it
 * reads every account it touches from the database under the account's row lock. A tick locks every
 * account it reads or changes until it has committed, so margin and leverage requests on those accounts wait for it (and never the other
 * way round while it decides): no lost update, no position liquidated twice. It holds the insurance fund
 * from reading its balance until it has committed ({@link InsuranceFund#hold()}), so no fund
 * transfer comes between. Locks are taken in that order: ticks, fund, accounts.
 */
@ApplicationScoped
public class MarkPriceTicks {

    private static final Logger LOG = Logger.getLogger(MarkPriceTicks.class);

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
    @Inject
    Cluster cluster;
    @Inject
    ClusterChanges changes;
    @ConfigProperty(name = "policy.cluster.follow-interval", defaultValue = "PT1S")
    Duration followEvery;

    private final ScheduledExecutorService follower = Daemons.scheduler("cluster-follower");

    /** One tick at a time: {@link AccountLocks#hold()} and the index's single writer rely on it. */
    private final ReentrantLock ticks = new ReentrantLock(true);

    /** What a tick did. */
    public record Tick(String symbol, BigDecimal markPrice, List<LiquidationEvent> events) {
    }

    /** Rebuilds the index from the database, before the first request. */
    void start(@Observes @Priority(10) StartupEvent event) {
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> {
            if (cluster.shared()) {
                changes.start();
            }
            rebuild(book);
        });
        LOG.infof("Liquidation index rebuilt in %d ms: %d isolated positions, %d accounts with cross positions",
                (System.nanoTime() - started) / 1_000_000, book.isolatedPositions(), book.crossAccounts());
        if (cluster.shared()) {
            follower.scheduleWithFixedDelay(this::followQuietly, followEvery.toMillis(), followEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        follower.shutdownNow();
    }

    /** Fills {@code into} with every position and margin call in the database, as at startup. Ticks must not run meanwhile. */
    public void rebuild(LiquidationBook into) {
        QuarkusTransaction.joiningExisting().run(() -> {
            load(into);
            store.allMarginCalls().forEach(into::marginCalls);
        });
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
     * Records {@code price} as {@code symbol}'s mark price and carries out what it causes, all in one
     * transaction. A repeated tick at the same price finds nothing left to do.
     */
    public Tick tick(RuleSet rules, String symbol, BigDecimal price) {
        Timer.Sample sample = Timer.start(registry);
        ticks.lock();
        try (InsuranceFund.Held heldFund = fund.hold(); AccountLocks.Held held = locks.hold()) {
            TickPlan[] planned = new TickPlan[1];
            long[] epoch = new long[1];
            Phases phases = new Phases();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    epoch[0] = markPrices.lockEpoch() + 1;
                    if (cluster.shared()) {
                        markPrices.follow(epoch[0] - 1);
                        // In a transaction of its own: what it reads must not stay in this one's persistence
                        // context, where Hibernate would hand the planner those entities as they were then,
                        // not as an action that commits before the planner locks the account leaves them
                        // (a position's added margin was lost that way: LiquidationConcurrencyTest)
                        QuarkusTransaction.requiringNew().run(changes::catchUp);
                    }
                    Map<String, BigDecimal> marks = new HashMap<>(markPrices.all());
                    marks.put(symbol, price);
                    Map<String, BigDecimal> fundBalances = heldFund.balances();
                    phases.planning();
                    TickPlanner planner = new TickPlanner(book, rules, ledger(held), symbol, price, marks, fundBalances,
                            Instant.now());
                    planned[0] = planner.plan();
                    phases.writing(planner.rulesNanos());
                    apply(planned[0], heldFund);
                    markPrices.write(symbol, price, epoch[0]);
                    phases.committing();
                });
                phases.committed();
            } catch (RuntimeException e) {
                if (planned[0] != null) {
                    forgetChanged(planned[0]);
                }
                throw e;
            }
            TickPlan plan = planned[0];
            markPrices.published(symbol, price, epoch[0]);
            followCommitted(plan);
            plan.events().forEach(e -> registry.counter("policy.liquidation.events", "type", e.type().name()).increment());
            phases.record(registry);
            if (!plan.events().isEmpty()) {
                LOG.infof("Mark price %s %s: %d events; %s", symbol, price.toPlainString(), plan.events().size(), phases);
            }
            return new Tick(symbol, price, plan.events());
        } finally {
            ticks.unlock();
            sample.stop(registry.timer("policy.mark_price.ticks"));
        }
    }

    /**
     * Where a tick's time went, as the timer {@code policy.mark_price.tick.phase} counts it (tag
     * {@code phase}): {@code prepare} (the epoch's lock, on a shared database what other nodes wrote,
     * the fund's balance), {@code plan} (the index's candidates, their locks and exact ratios, the
     * effects: on a shared database this includes locking the candidates' rows and reading again those
     * another node may have written),
     * {@code rules} (the verdicts' session), {@code write} (the tick's rows, flushed) and {@code commit}.
     * BENCHMARKS.md, Liquidation ticks, reads them.
     */
    private static final class Phases {
        private final long started = System.nanoTime();
        private long planning;
        private long writing;
        private long committing;
        private long committed;
        private long rules;

        void planning() {
            planning = System.nanoTime();
        }

        void writing(long rulesNanos) {
            writing = System.nanoTime();
            rules = rulesNanos;
        }

        void committing() {
            committing = System.nanoTime();
        }

        void committed() {
            committed = System.nanoTime();
        }

        void record(MeterRegistry registry) {
            timer(registry, "prepare", planning - started);
            timer(registry, "plan", writing - planning - rules);
            timer(registry, "rules", rules);
            timer(registry, "write", committing - writing);
            timer(registry, "commit", committed - committing);
        }

        private static void timer(MeterRegistry registry, String phase, long nanos) {
            registry.timer("policy.mark_price.tick.phase", "phase", phase).record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "prepared in %d ms, planned in %d ms (rules %d ms), written in %d ms,"
                            + " committed in %d ms", millis(planning - started), millis(writing - planning), millis(rules),
                    millis(committing - writing), millis(committed - committing));
        }

        private static long millis(long nanos) {
            return nanos / 1_000_000;
        }
    }

    /**
     * Between ticks, brings the index and the cache up to date with what other nodes wrote, so that
     * the next tick has little to read first.
     */
    private void followQuietly() {
        if (!ticks.tryLock()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> changes.catchUp());
        } catch (RuntimeException e) {
            LOG.warnf("Could not read what other nodes changed: %s", e.getMessage());
        } finally {
            ticks.unlock();
        }
    }

    private TickLedger ledger(AccountLocks.Held held) {
        return new TickLedger() {
            @Override
            public void lock(String accountId) {
                held.lock(accountId);
                if (cluster.shared()) {
                    read(accountId);
                }
            }

            @Override
            public void lockAll(Collection<String> accountIds) {
                accountIds.forEach(held::lock);
                if (cluster.shared()) {
                    changes.lockAndFollow(accountIds);
                }
            }

            @Override
            public AccountSnapshot lockAndRead(String accountId) {
                held.lock(accountId);
                AccountSnapshot cached = cluster.shared() ? null : cache.get(accountId);
                if (cached == null) {
                    cached = read(accountId);
                }
                return cached.withMarkPrices(Map.of());
            }

            /**
             * Takes the account's row lock and reads it; on a shared database another node may have
             * changed it since the index last heard, so the index follows what was read.
             */
            private AccountSnapshot read(String accountId) {
                AccountEntity row = store.lock(accountId);
                if (cluster.shared()) {
                    return changes.readAgain(accountId, row.version).orElseThrow(() -> new AccountNotFoundException(accountId));
                }
                AccountSnapshot read = store.find(accountId).orElseThrow(() -> new AccountNotFoundException(accountId));
                cache.put(read, row.version);
                return read;
            }
        };
    }

    /** Writes the tick's changes; runs inside the transaction that records the mark price. */
    private void apply(TickPlan plan, InsuranceFund.Held heldFund) {
        Map<String, List<String>> closesBySymbol = new TreeMap<>();
        plan.isolatedCloses().forEach(key -> closesBySymbol.computeIfAbsent(key.symbol(), s -> new ArrayList<>()).add(key.accountId()));
        closesBySymbol.forEach((symbol, accountIds) -> {
            for (List<String> chunk : Chunks.of(accountIds)) {
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
        writeMarginCalls(plan);
        // After the margin calls: their statements flush the persistence context first, which is small until the events are in it
        events.record(plan.events());
        entityManager.flush();
        if (cluster.shared()) {
            // With one node (H2) nothing reads these versions, and their 12,000 row updates were a third of
            // a 1 % tick over 1,000,000 positions (BENCHMARKS.md, With the database transaction)
            store.touch(changedWithoutTheirRow(plan));
        }
    }

    /**
     * The accounts whose positions or margin calls the tick changed without writing their row: on a
     * shared database their version moves on, so that the other nodes' caches and indexes read them again.
     */
    private static Set<String> changedWithoutTheirRow(TickPlan plan) {
        Set<String> flagged = new TreeSet<>();
        plan.isolatedCloses().forEach(key -> flagged.add(key.accountId()));
        flagged.addAll(plan.flags().isolatedCalled());
        flagged.addAll(plan.flags().isolatedRecovered());
        flagged.addAll(plan.flags().crossCalled());
        flagged.addAll(plan.flags().crossRecovered());
        plan.accountChanges().forEach(change -> flagged.remove(change.after().accountId()));
        return flagged;
    }

    /**
     * The margin calls the tick raised or withdrew, and those of the positions it closed, written a few
     * hundred accounts per statement (BENCHMARKS.md, Liquidation ticks: one statement per account made
     * a 1 % tick over 1,000,000 positions take seconds). A closed position has no call in force, even
     * one the tick raised.
     */
    private void writeMarginCalls(TickPlan plan) {
        Map<String, Set<String>> raised = new TreeMap<>();
        Map<String, Set<String>> cleared = new TreeMap<>();
        raised.computeIfAbsent(plan.symbol(), s -> new TreeSet<>()).addAll(plan.flags().isolatedCalled());
        raised.computeIfAbsent(LiquidationBook.CROSS_BOOK, s -> new TreeSet<>()).addAll(plan.flags().crossCalled());
        cleared.computeIfAbsent(plan.symbol(), s -> new TreeSet<>()).addAll(plan.flags().isolatedRecovered());
        cleared.computeIfAbsent(LiquidationBook.CROSS_BOOK, s -> new TreeSet<>()).addAll(plan.flags().crossRecovered());
        plan.isolatedCloses().forEach(key -> cleared.computeIfAbsent(key.symbol(), s -> new TreeSet<>()).add(key.accountId()));
        raised.forEach((scope, ids) -> ids.removeAll(cleared.getOrDefault(scope, Set.of())));
        raised.forEach((scope, ids) -> cleared.computeIfAbsent(scope, s -> new TreeSet<>()).addAll(ids));
        cleared.forEach(store::clearMarginCalls);
        raised.forEach(store::raiseMarginCalls);
    }

    /** The cache forgets every account the tick changed or would have changed. */
    private void forgetChanged(TickPlan plan) {
        plan.isolatedCloses().forEach(key -> cache.forget(key.accountId()));
        plan.accountChanges().forEach(change -> cache.forget(change.after().accountId()));
    }

    /** After the commit: the cache and the index follow. Still under the accounts' locks. */
    private void followCommitted(TickPlan plan) {
        if (cluster.shared()) {
            // Their row versions moved on in the database; they are read again when next used
            forgetChanged(plan);
            book.applied(plan);
            return;
        }
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
