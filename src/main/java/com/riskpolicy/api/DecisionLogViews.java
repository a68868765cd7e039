package com.riskpolicy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.DecisionView.PreviewView;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.decisionlog.DecisionLogPage;
import com.riskpolicy.decisionlog.LogEntry;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.time.Instant;
import java.util.List;

/** Response bodies of the decision log. */
public final class DecisionLogViews {

    private DecisionLogViews() {
    }

    /**
     * One logged decision. {@code preview} and {@code input} (the account before, with its mark
     * prices, and the request, decimals at full precision) only when one entry is asked for.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoggedDecisionView(String decisionId, Instant at, DecisionSource source, String caller,
                                     String accountId, String symbol, Action action, Outcome decision,
                                     List<Violation> violations, List<Warning> warnings, List<String> firedRules,
                                     String ruleSetRevision, long latencyNanos, PreviewView preview, JsonNode input) {

        static LoggedDecisionView summary(LogEntry entry) {
            return of(entry, null, null);
        }

        static LoggedDecisionView full(LogEntry entry) {
            return of(entry, entry.decision().preview(), DecisionLogJson.tree(entry.inputJson()));
        }

        private static LoggedDecisionView of(LogEntry entry, PreviewView preview, JsonNode input) {
            DecisionView d = entry.decision();
            return new LoggedDecisionView(d.decisionId(), entry.at(), entry.source(), entry.caller(),
                    entry.accountId(), entry.symbol(), d.action(), d.decision(), d.violations(), d.warnings(),
                    d.firedRules(), d.ruleSetRevision(), entry.latencyNanos(), preview, input);
        }
    }

    /** @param nextCursor pass as {@code cursor} for the next, older page; null on the last page */
    public record DecisionLogPageView(List<LoggedDecisionView> decisions, String nextCursor) {

        static DecisionLogPageView of(DecisionLogPage page) {
            return new DecisionLogPageView(page.entries().stream().map(LoggedDecisionView::summary).toList(),
                    page.next() == null ? null : page.next().text());
        }
    }
}
