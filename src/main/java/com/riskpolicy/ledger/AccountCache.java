package com.riskpolicy.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.riskpolicy.domain.AccountSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The committed state of recently used accounts, so that a policy check does not read the
 * database. Entries are written only under the account's lock, after its transaction committed
 * (or when it is read from the database under that lock), so an entry is never older than the
 * last commit. Mark prices are not cached with the account: readers attach the current ones.
 * On a database shared with other nodes, an entry carries the account row's version, and a reader
 * confirms it against the database before using it ({@code LedgerService#account}).
 *
 * <p>At most {@code policy.ledger.account-cache-size} accounts (0 keeps none), evicted by
 * Caffeine's size-bounded W-TinyLFU: an account is kept for how often it has been used lately, so
 * the accounts a platform trades on stay while a sweep over many others (an audit reading every
 * account) passes through. An evicted account is read from the database again, under its lock.
 */
@ApplicationScoped
class AccountCache {

    private final int capacity;
    private final Cache<String, Entry> accounts;

    /** An account as committed, with its row's version; -1 when the version was not read. */
    record Entry(AccountSnapshot account, long version) {
    }

    @Inject
    AccountCache(@ConfigProperty(name = "policy.ledger.account-cache-size", defaultValue = "100000") int capacity) {
        this(capacity, null);
    }

    /** With an executor of its own for evictions, for tests; a null executor is Caffeine's. */
    AccountCache(int capacity, Executor maintenance) {
        this.capacity = capacity;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(Math.max(0, capacity));
        if (maintenance != null) {
            builder.executor(maintenance);
        }
        this.accounts = builder.build();
    }

    AccountSnapshot get(String accountId) {
        Entry entry = accounts.getIfPresent(accountId);
        return entry == null ? null : entry.account();
    }

    /** The account with its row's version, or null. */
    Entry entry(String accountId) {
        return accounts.getIfPresent(accountId);
    }

    /** Caller holds the account's lock and {@code account} is committed. */
    void put(AccountSnapshot account) {
        put(account, -1);
    }

    /** Caller holds the account's lock and {@code account} is committed as of row version {@code version}. */
    void put(AccountSnapshot account, long version) {
        if (capacity > 0) {
            accounts.put(account.accountId(), new Entry(account.withMarkPrices(Map.of()), version));
        }
    }

    /** Caller holds the account's lock. */
    void forget(String accountId) {
        accounts.invalidate(accountId);
    }

    /** How many accounts are kept, once pending evictions are done: for diagnostics and tests. */
    long size() {
        accounts.cleanUp();
        return accounts.estimatedSize();
    }
}
