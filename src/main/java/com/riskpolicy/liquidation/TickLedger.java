package com.riskpolicy.liquidation;

import com.riskpolicy.domain.AccountSnapshot;
import java.util.Collection;
import java.util.Map;

/**
 * How a tick reaches the accounts it touches. Every account the tick reads or changes is locked
 * against other writers first, until the tick has been applied or abandoned.
 */
public interface TickLedger {

    /** Locks the account; a tick then reads its isolated position from the index, which is current under the lock. */
    void lock(String accountId);

    /**
     * Locks these accounts, as {@link #lock} one by one: a tick locks the isolated positions it screens
     * at once, which a shared database does in a few statements instead of one per account.
     */
    default void lockAll(Collection<String> accountIds) {
        accountIds.forEach(this::lock);
    }

    /** Locks the account and returns its committed state, without mark prices. */
    AccountSnapshot lockAndRead(String accountId);

    /** Accounts held in memory, for a tick planned without a database (a self-test, a policy example): nothing to lock. */
    static TickLedger of(Map<String, AccountSnapshot> accounts) {
        return new TickLedger() {
            @Override
            public void lock(String accountId) {
            }

            @Override
            public AccountSnapshot lockAndRead(String accountId) {
                return accounts.get(accountId);
            }
        };
    }
}
