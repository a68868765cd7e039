package com.riskpolicy.ruleops;

import com.riskpolicy.rules.RuleError;
import java.util.List;

/** A candidate rule set was refused; the active one keeps serving. */
public class RuleReloadException extends RuntimeException {

    private final List<RuleError> errors;

    public RuleReloadException(String message, List<RuleError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
