package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;

/**
 * Told about every decision on the thread that made it, with what it was made on, e.g. to count it
 * or to log it. Must be quick. An observer may refuse a decision by throwing (the decision log does
 * when it cannot take another entry): the exception then reaches the caller instead of the
 * decision, so a ledger action is not applied.
 */
@FunctionalInterface
public interface DecisionObserver {

    DecisionObserver NONE = (source, before, request, decision, nanos) -> {
    };

    /**
     * @param before  the account the decision was made on, with the mark prices it used
     * @param nanos   how long the decision took
     */
    void decided(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision, long nanos);

    /** Tells each observer in turn; one that throws stops the rest. */
    static DecisionObserver all(DecisionObserver first, DecisionObserver second) {
        return (source, before, request, decision, nanos) -> {
            first.decided(source, before, request, decision, nanos);
            second.decided(source, before, request, decision, nanos);
        };
    }
}
