package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;

/**
 * One decision as the request path hands it to the log: references to immutable values only, so
 * taking it costs nothing; the writer thread turns it into a row.
 *
 * @param before       the account the decision was made on, with its mark prices
 * @param latencyNanos how long the decision took
 * @param caller       the authenticated user, {@code anonymous}, or {@code system} outside a request
 */
public record LoggedDecision(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision,
                             long latencyNanos, String caller) {
}
