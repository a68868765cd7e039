package com.riskpolicy.rules;

/** The rules could not decide: a rule threw, or kept firing past the fire limit. Already logged. */
public class RuleEvaluationException extends RuntimeException {

    private final String rule;

    public RuleEvaluationException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The rule that failed, as in {@link RuleFailureListener#ruleFailed}. */
    public String rule() {
        return rule;
    }
}
