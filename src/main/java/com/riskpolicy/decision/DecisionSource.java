package com.riskpolicy.decision;

/** Where a decision was asked for; the decision log records it with every entry. */
public enum DecisionSource {
    /** {@code POST /v1/checks/{action}}: on a ledger account as it is, changing nothing. */
    CHECK,
    /** {@code POST /v1/decisions}: on facts the caller supplies. */
    STATELESS,
    /** A ledger action: applied when allowed. */
    LEDGER
}
