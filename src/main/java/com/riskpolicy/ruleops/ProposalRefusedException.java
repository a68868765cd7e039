package com.riskpolicy.ruleops;

/**
 * A request about a rule proposal that cannot be done: {@code status} 403 when the caller may not
 * (then {@code rule} names the rule that says so), 409 when the proposal's state does not allow it.
 */
public class ProposalRefusedException extends RuntimeException {

    private final int status;
    private final String rule;

    public ProposalRefusedException(int status, String rule, String message) {
        super(message);
        this.status = status;
        this.rule = rule;
    }

    public int status() {
        return status;
    }

    /** The governance rule that refused it, or null. */
    public String rule() {
        return rule;
    }
}
