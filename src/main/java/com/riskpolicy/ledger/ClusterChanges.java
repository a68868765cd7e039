package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.liquidation.LiquidationBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * What other nodes wrote to the shared database since this node last looked (PostgreSQL): the
 * accounts written by transactions this node may not have seen, which its liquidation index and
 * account cache then read again.
 *
 * <p>Every account row carries the id of the transaction that last wrote it (a trigger sets
 * {@code changed_xid}). The watermark is the oldest transaction still running when this node last
 * looked ({@code pg_snapshot_xmin}): every transaction older than it had finished and was read then,
 * so the accounts written at or after it are all that can be new. A transaction that commits late is
 * never skipped, as it would be with a counter taken at write time; an account read twice costs only
 * the reading.
 */
@ApplicationScoped
class ClusterChanges {

    @Inject
    EntityManager entityManager;
    @Inject
    LedgerStore store;
    @Inject
    AccountLocks locks;

    private String watermark;

    /** Looks from now on; called before the index is first filled, in that transaction. */
    synchronized void start() {
        watermark = oldestRunning();
    }

    /**
     * Reads again every account written since the last look, in the caller's transaction: the index
     * re-indexes it (and its margin calls) and the cache forgets it. The caller holds the index's
     * single writer lock (no tick runs meanwhile on this node).
     *
     * @return how many accounts were read
     */
    synchronized int catchUp(LiquidationBook book, AccountCache cache) {
        String next = oldestRunning();
        @SuppressWarnings("unchecked")
        List<String> changed = entityManager.createNativeQuery(
                        "SELECT account_id FROM account WHERE changed_xid >= CAST(CAST(?1 AS TEXT) AS xid8)")
                .setParameter(1, watermark).getResultList();
        for (String accountId : changed) {
            // Under the account's lock, so that this node's own action on it is not overtaken by an older read
            locks.withLock(accountId, () -> {
                Optional<AccountSnapshot> account = store.find(accountId);
                cache.forget(accountId);
                account.ifPresent(read -> {
                    book.replace(read);
                    book.marginCalls(accountId, store.marginCalls(accountId));
                });
                return null;
            });
        }
        watermark = next;
        return changed.size();
    }

    private String oldestRunning() {
        return entityManager.createNativeQuery("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT)")
                .getSingleResult().toString();
    }
}
