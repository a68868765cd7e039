package com.riskpolicy.ledger;

/** The request contradicts the ledger's state (an account that already exists, an unknown order). */
public class LedgerConflictException extends RuntimeException {

    private final int status;

    public LedgerConflictException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 404 for something that does not exist, 409 for something that already does. */
    public int status() {
        return status;
    }
}
