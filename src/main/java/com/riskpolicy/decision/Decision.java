package com.riskpolicy.decision;

import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.time.Instant;
import java.util.List;

/** The rules' answer on one action: ALLOW or DENY, why, and what the action would do. */
public record Decision(
        String decisionId,
        Action action,
        Outcome decision,
        List<Violation> violations,
        List<Warning> warnings,
        Preview preview,
        String ruleSetRevision,
        List<String> firedRules,
        Instant evaluatedAt) {

    public boolean allowed() {
        return decision == Outcome.ALLOW;
    }
}
