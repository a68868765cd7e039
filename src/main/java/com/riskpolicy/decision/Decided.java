package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;

/**
 * A decision together with the account as it would be if the action is applied; the ledger
 * persists {@code after} only when the decision allows it.
 */
public record Decided(Decision decision, AccountSnapshot after) {
}
