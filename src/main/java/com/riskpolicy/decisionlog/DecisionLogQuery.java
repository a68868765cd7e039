package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which logged decisions to list, newest first; a null filter matches everything.
 *
 * @param from   inclusive; the log keeps times to the microsecond
 * @param to     exclusive
 * @param before only entries after this one, newest first (the cursor of the previous page)
 */
public record DecisionLogQuery(String accountId, Action action, Outcome outcome, DecisionSource source, Instant from,
                               Instant to, int limit, LogPosition before) {

    public DecisionLogQuery {
        from = from == null ? null : from.truncatedTo(ChronoUnit.MICROS);
        to = to == null ? null : to.truncatedTo(ChronoUnit.MICROS);
    }
}
