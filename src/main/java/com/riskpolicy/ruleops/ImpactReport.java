package com.riskpolicy.ruleops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a candidate rule set would have decided on the logged decisions: how many keep their
 * outcome and codes, how many flip, and examples of each change, newest first.
 *
 * @param replayed        logged decisions decided again: the sum of the five counts
 * @param changedCodes    same outcome, other violation or warning codes
 * @param failed          the candidate could not decide them (e.g. it no longer lists the symbol)
 * @param loggedRevisions how many of the replayed decisions each revision made; a revision other
 *                        than the active one means some changes are not the candidate's doing
 */
public record ImpactReport(String candidateRevision, String activeRevision, int replayed, int unchanged,
                           int allowToDeny, int denyToAllow, int changedCodes, int failed,
                           Map<String, Integer> loggedRevisions, List<Example> examples) {

    public enum Change {
        UNCHANGED, ALLOW_TO_DENY, DENY_TO_ALLOW, CHANGED_CODES, FAILED;

        /** How a decision with {@code afterCodes} differs from one with {@code beforeCodes}: the outcome first, then the codes. */
        static Change between(Outcome before, List<String> beforeCodes, Outcome after, List<String> afterCodes) {
            if (before != after) {
                return before == Outcome.ALLOW ? ALLOW_TO_DENY : DENY_TO_ALLOW;
            }
            return beforeCodes.equals(afterCodes) ? UNCHANGED : CHANGED_CODES;
        }
    }

    public record Example(String decisionId, Change change, Action action, String accountId, DecisionSource source,
                          Instant at, Side before, Side after) {
    }

    /** One side of an example: the logged decision or the candidate's; {@code error} when the candidate failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(Outcome decision, List<String> violations, List<String> warnings, String ruleSetRevision,
                       String error) {
    }
}
