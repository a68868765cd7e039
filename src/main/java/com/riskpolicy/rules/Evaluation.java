package com.riskpolicy.rules;

import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.util.List;

/** What the rules of one rule set said about one set of facts, and which of them fired. */
public record Evaluation(List<Violation> violations, List<Warning> warnings, List<String> firedRules,
                         String ruleSetRevision) {

    public boolean allowed() {
        return violations.isEmpty();
    }
}
