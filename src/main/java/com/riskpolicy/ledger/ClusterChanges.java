package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.liquidation.LiquidationBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    @Inject
    LiquidationBook book;
    @Inject
    AccountCache cache;

    private String watermark;

    /** Looks from now on; called before the index is first filled, in that transaction. */
    synchronized void start() {
        watermark = oldestRunning();
    }

    /**
     * Reads again every account written since the last look, in the caller's transaction: the index
     * re-indexes it (and its margin calls) and the cache holds it ({@link #readAgain}). The caller holds the index's
     * single writer lock (no tick runs meanwhile on this node). The transaction should be one of its own: the
     * entities it reads stay in the transaction's persistence context as they were read, and a later read of the
     * same account in that transaction, after an action committed, would get them back unchanged.
     *
     * @return how many accounts were read
     */
    synchronized int catchUp() {
        String next = oldestRunning();
        @SuppressWarnings("unchecked")
        List<Object[]> changed = entityManager.createNativeQuery(
                        "SELECT account_id, version FROM account WHERE changed_xid >= CAST(CAST(?1 AS TEXT) AS xid8)")
                .setParameter(1, watermark).getResultList();
        List<String> stale = new ArrayList<>();
        for (Object[] row : changed) {
            String accountId = (String) row[0];
            AccountCache.Entry cached = cache.entry(accountId);
            if (cached == null || cached.version() != ((Number) row[1]).longValue()) {
                stale.add(accountId); // else this node wrote or read that state itself, and indexed it then
            }
        }
        // Under the accounts' locks, so that this node's own action on one is not overtaken by an older read.
        // Holding several is safe: the caller holds the index's single writer lock, and an action holds one.
        try (AccountLocks.Held held = locks.hold()) {
            stale.forEach(held::lock);
            readAgain(versions(stale));
        }
        watermark = next;
        return stale.size();
    }

    /**
     * Takes the row locks of accounts a tick is about to decide on, in the order of their ids, and
     * reads again those that another node may have written since this node last looked
     * ({@link #catchUp}), as {@link #readAgain(String, long)} does, all in a few statements per 500
     * accounts. The caller holds the accounts' locks on this node.
     *
     * @throws AccountNotFoundException when one of them does not exist
     */
    synchronized void lockAndFollow(Collection<String> accountIds) {
        List<String> ids = List.copyOf(new TreeSet<>(accountIds));
        Map<String, Long> written = new HashMap<>();
        int locked = 0;
        for (List<String> chunk : Chunks.of(ids)) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("SELECT account_id, version,"
                            + " changed_xid >= CAST(CAST(:watermark AS TEXT) AS xid8) FROM account"
                            + " WHERE account_id IN (:ids) ORDER BY account_id FOR UPDATE")
                    .setParameter("watermark", watermark)
                    .setParameter("ids", chunk).getResultList();
            for (Object[] row : rows) {
                if (Boolean.TRUE.equals(row[2])) {
                    written.put((String) row[0], ((Number) row[1]).longValue());
                }
            }
            locked += rows.size();
        }
        if (locked != ids.size()) {
            List<String> missing = new ArrayList<>(ids);
            missing.removeAll(store.findAll(ids).keySet());
            throw new AccountNotFoundException(missing.isEmpty() ? ids.get(0) : missing.get(0));
        }
        readAgain(written);
    }

    /** The accounts' row versions now, in the caller's transaction. */
    private Map<String, Long> versions(List<String> accountIds) {
        Map<String, Long> versions = new HashMap<>();
        for (List<String> chunk : Chunks.of(accountIds)) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("SELECT account_id, version FROM account WHERE account_id IN (:ids)")
                    .setParameter("ids", chunk).getResultList();
            rows.forEach(row -> versions.put((String) row[0], ((Number) row[1]).longValue()));
        }
        return versions;
    }

    /** {@link #readAgain(String, long)} for many accounts at once: the accounts as of their {@code versions}. */
    private void readAgain(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return;
        }
        Map<String, AccountSnapshot> read = store.findAll(versions.keySet());
        Map<String, Set<String>> calls = store.marginCalls(versions.keySet());
        read.forEach((accountId, account) -> {
            book.replace(account);
            book.marginCalls(accountId, calls.getOrDefault(accountId, Set.of()));
            cache.put(account, versions.get(accountId));
        });
    }

    /**
     * Reads the committed account again, in the caller's transaction, as another node may have left
     * it: the index re-indexes it with its margin calls, and the cache holds it as of row version
     * {@code version}. The caller holds the account's lock (this node's, and the row's when it is
     * about to change it).
     *
     * @return empty when there is no such account
     */
    Optional<AccountSnapshot> readAgain(String accountId, long version) {
        Optional<AccountSnapshot> read = store.find(accountId);
        read.ifPresent(account -> {
            book.replace(account);
            book.marginCalls(accountId, store.marginCalls(accountId));
            cache.put(account, version);
        });
        return read;
    }

    private String oldestRunning() {
        return entityManager.createNativeQuery("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT)")
                .getSingleResult().toString();
    }
}
