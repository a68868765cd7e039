package com.riskpolicy.rules;

/** The rules could not decide: a rule threw, or kept firing past the fire limit. Already logged. */
public class RuleEvaluationException extends RuntimeException {

    public RuleEvaluationException(String message) {
        super(message);
    }
}
