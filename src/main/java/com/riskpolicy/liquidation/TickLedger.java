package com.riskpolicy.liquidation;

import com.riskpolicy.domain.AccountSnapshot;

/**
 * How a tick reaches the accounts it touches. Every account the tick reads or changes is locked
 * against other writers first, until the tick has been applied or abandoned.
 */
public interface TickLedger {

    /** Locks the account; a tick then reads its isolated position from the index, which is current under the lock. */
    void lock(String accountId);

    /** Locks the account and returns its committed state, without mark prices. */
    AccountSnapshot lockAndRead(String accountId);
}
