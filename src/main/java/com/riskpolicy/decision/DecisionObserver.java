package com.riskpolicy.decision;

/** Told about every decision, e.g. to count it; must be quick and must not throw. */
@FunctionalInterface
public interface DecisionObserver {

    DecisionObserver NONE = (decision, nanos) -> {
    };

    void decided(Decision decision, long nanos);
}
