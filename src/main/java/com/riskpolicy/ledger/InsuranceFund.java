package com.riskpolicy.ledger;

import com.riskpolicy.domain.Money;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The insurance fund (docs/margin-policy.md §3.6): a balance per settlement currency that receives what is left of
 * a liquidated position's margin and covers deficits. Liquidations may take it below zero; a
 * withdrawal may not. A new database starts with {@code policy.insurance-fund.initial-balances}.
 *
 * <p>A mark-price tick plans with the fund's balance and changes it when it commits: it holds the
 * fund ({@link #hold()}) from reading the balance until then, and a transfer waits for the hold,
 * so no withdrawal comes between what a tick read and what it commits. The hold is this node's lock
 * and the rows' database locks, so transfers through other nodes wait too.
 *
 * <p>Each deposit and withdrawal is recorded ({@link #transfers}) with the balance it moves, in the
 * same transaction; what a liquidation paid in or out is on its event ({@link LiquidationEvents}).
 */
@ApplicationScoped
public class InsuranceFund {

    @Inject
    EntityManager entityManager;
    @ConfigProperty(name = "policy.insurance-fund.initial-balances", defaultValue = "USDT=1000000")
    Map<String, String> initialBalances;

    private final ReentrantLock lock = new ReentrantLock(true);

    /** Seeds the fund of a new database, before the first request. */
    void seed(@Observes @Priority(10) StartupEvent event) {
        initialBalances.forEach((currency, amount) -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (entityManager.find(InsuranceFundEntity.class, currency) == null) {
                        InsuranceFundEntity fund = new InsuranceFundEntity();
                        fund.currency = currency;
                        fund.balance = Money.out(new BigDecimal(amount.trim()));
                        fund.updatedAt = Instant.now();
                        entityManager.persist(fund);
                    }
                });
            } catch (RuntimeException e) {
                // Another node starting at the same time seeded it first
                if (QuarkusTransaction.requiringNew().call(() -> entityManager.find(InsuranceFundEntity.class, currency)) == null) {
                    throw e;
                }
            }
        });
    }

    /** The fund's balance per settlement currency. */
    public Map<String, BigDecimal> balances() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, BigDecimal> out = new TreeMap<>();
            entityManager.createQuery("select f from InsuranceFundEntity f", InsuranceFundEntity.class)
                    .getResultList().forEach(f -> out.put(f.currency, f.balance));
            return out;
        });
    }

    /** A deposit (positive {@code amount}) or withdrawal (negative), as recorded. */
    public record Transfer(String currency, BigDecimal amount, BigDecimal balanceAfter, String by, Instant at) {
    }

    /**
     * Pays {@code amount} into the fund (positive) or out of it (negative), on behalf of {@code by}. A
     * withdrawal may not take the fund below zero; only liquidations can.
     */
    public Map<String, BigDecimal> transfer(String currency, BigDecimal amount, String by) {
        lock.lock();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                InsuranceFundEntity fund = row(currency, LockModeType.PESSIMISTIC_WRITE);
                if (fund.balance.add(amount).signum() < 0) {
                    throw new LedgerConflictException(409, "the " + currency + " insurance fund holds "
                            + Money.out(fund.balance).toPlainString() + ", less than the "
                            + amount.negate().toPlainString() + " to withdraw");
                }
                add(fund, amount);
                InsuranceFundTransferEntity transfer = new InsuranceFundTransferEntity();
                transfer.currency = currency;
                transfer.amount = amount;
                transfer.balanceAfter = fund.balance;
                transfer.transferredBy = by;
                transfer.at = fund.updatedAt;
                entityManager.persist(transfer);
            });
            return balances();
        } finally {
            lock.unlock();
        }
    }

    /** The deposits and withdrawals, newest first, at most {@code limit}. */
    public List<Transfer> transfers(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select t from InsuranceFundTransferEntity t order by t.at desc, t.id desc",
                        InsuranceFundTransferEntity.class)
                .setMaxResults(limit).getResultList().stream()
                .map(t -> new Transfer(t.currency, t.amount, t.balanceAfter, t.transferredBy, t.at))
                .toList());
    }

    /** Holds the fund until closed: transfers wait meanwhile. For a tick, from its reading to its commit. */
    Held hold() {
        lock.lock();
        return new Held();
    }

    /** Whether a transfer waits for the fund: for diagnostics and tests. */
    boolean contended() {
        return lock.hasQueuedThreads();
    }

    /** The fund as a tick holds it. */
    final class Held implements AutoCloseable {

        private Held() {
        }

        /**
         * The balance the tick plans with, read in the tick's transaction with the fund's rows locked
         * until it ends: no transfer through another node comes between either.
         */
        Map<String, BigDecimal> balances() {
            Map<String, BigDecimal> out = new TreeMap<>();
            entityManager.createQuery("select f from InsuranceFundEntity f order by f.currency", InsuranceFundEntity.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList().forEach(f -> out.put(f.currency, f.balance));
            return out;
        }

        /** Adds the tick's changes per settlement currency; runs inside the tick's transaction. */
        void add(Map<String, BigDecimal> deltas) {
            deltas.forEach((currency, delta) -> InsuranceFund.this.add(row(currency, LockModeType.PESSIMISTIC_WRITE), delta));
        }

        @Override
        public void close() {
            lock.unlock();
        }
    }

    /** The fund's row of {@code currency}, a new one at zero if there is none. */
    private InsuranceFundEntity row(String currency, LockModeType lock) {
        InsuranceFundEntity fund = entityManager.find(InsuranceFundEntity.class, currency, lock);
        if (fund == null) {
            fund = new InsuranceFundEntity();
            fund.currency = currency;
            fund.balance = BigDecimal.ZERO.setScale(Money.SCALE);
            fund.updatedAt = Instant.now();
            entityManager.persist(fund);
        }
        return fund;
    }

    private static void add(InsuranceFundEntity fund, BigDecimal amount) {
        fund.balance = fund.balance.add(amount);
        fund.updatedAt = Instant.now();
    }
}
