package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.DecisionSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One decision read back from the log.
 *
 * @param id        the order in which the row was written
 * @param decision  as the service answered it
 * @param inputJson the stored {@link LoggedInput}; null when the query did not ask for it
 */
public record LogEntry(long id, DecisionSource source, String caller, long latencyNanos, String accountId,
                       String symbol, DecisionView decision, String inputJson) {

    public String decisionId() {
        return decision.decisionId();
    }

    /** When it was decided, to the microsecond as the log stores and filters it. */
    public Instant at() {
        return decision.evaluatedAt().truncatedTo(ChronoUnit.MICROS);
    }

    public LogPosition position() {
        return new LogPosition(at(), id);
    }

    /** The facts the decision was made on, to decide them again. */
    public LoggedInput input() {
        if (inputJson == null) {
            throw new IllegalStateException("the input of " + decisionId() + " was not read");
        }
        return DecisionLogJson.readInput(inputJson);
    }
}
