package com.riskpolicy.ledger;

/** No account with that id. */
public class AccountNotFoundException extends RuntimeException {

    public AccountNotFoundException(String accountId) {
        super("account '" + accountId + "' not found");
    }
}
