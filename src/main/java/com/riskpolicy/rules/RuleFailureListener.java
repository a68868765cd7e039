package com.riskpolicy.rules;

/**
 * Told of every evaluation that a rule of an active rule set broke, which the service answered by
 * failing closed: ops counts them per rule, so a rule that throws only for some inputs shows up
 * before a risk officer is told. Called on the evaluating thread; must not throw.
 */
@FunctionalInterface
public interface RuleFailureListener {

    RuleFailureListener NONE = (rule, cause) -> { };

    /** How a rule broke an evaluation. */
    enum Cause {
        /** The rule threw, in its condition or its consequence. */
        EXCEPTION,
        /** The rule kept firing until the fire limit stopped the evaluation. */
        FIRE_LIMIT
    }

    /** @param rule the rule's name; {@code (rule condition)} when a condition threw and Drools names no rule */
    void ruleFailed(String rule, Cause cause);
}
