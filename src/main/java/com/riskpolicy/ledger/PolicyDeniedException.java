package com.riskpolicy.ledger;

import com.riskpolicy.decision.Decision;

/** The rules refused an action; nothing changed. */
public class PolicyDeniedException extends RuntimeException {

    private final Decision decision;

    public PolicyDeniedException(Decision decision) {
        super("denied by policy: " + decision.violations());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
