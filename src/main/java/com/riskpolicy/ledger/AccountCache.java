package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The committed state of recently used accounts, so that a policy check does not read the
 * database. Entries are written only under the account's lock, after its transaction committed
 * (or when it is read from the database under that lock), so an entry is never older than the
 * last commit. Mark prices are not cached with the account: readers attach the current ones.
 * The ledger is the only writer of its database; another process writing it would not be seen.
 */
@ApplicationScoped
class AccountCache {

    private final Map<String, AccountSnapshot> accounts = new ConcurrentHashMap<>();
    private final int capacity;

    @Inject
    AccountCache(@ConfigProperty(name = "policy.ledger.account-cache-size", defaultValue = "100000") int capacity) {
        this.capacity = capacity;
    }

    AccountSnapshot get(String accountId) {
        return accounts.get(accountId);
    }

    /** Caller holds the account's lock and {@code account} is committed. */
    void put(AccountSnapshot account) {
        if (capacity <= 0) {
            return;
        }
        if (accounts.size() >= capacity && !accounts.containsKey(account.accountId())) {
            evictOne();
        }
        accounts.put(account.accountId(), account.withMarkPrices(Map.of()));
    }

    /** Caller holds the account's lock. */
    void forget(String accountId) {
        accounts.remove(accountId);
    }

    private void evictOne() {
        Iterator<String> keys = accounts.keySet().iterator();
        if (keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
