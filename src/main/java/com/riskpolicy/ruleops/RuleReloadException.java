package com.riskpolicy.ruleops;

import com.riskpolicy.rules.RuleError;
import java.util.List;

/** A candidate rule set was refused; the active one keeps serving. */
public class RuleReloadException extends RuntimeException {

    private final List<RuleError> errors;
    private final Long proposalId;

    public RuleReloadException(String message, List<RuleError> errors) {
        this(message, errors, null);
    }

    /** @param proposalId the INVALID proposal the candidate was stored as, where approvals are required (null: none) */
    public RuleReloadException(String message, List<RuleError> errors, Long proposalId) {
        super(message);
        this.errors = List.copyOf(errors);
        this.proposalId = proposalId;
    }

    public List<RuleError> errors() {
        return errors;
    }

    public Long proposalId() {
        return proposalId;
    }
}
