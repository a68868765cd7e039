package com.riskpolicy.console;

import com.riskpolicy.api.ApiRequests;
import com.riskpolicy.ruleops.RuleReloadException;
import java.util.ArrayList;
import java.util.List;

/** What the console's change forms (propose, approve, reject) check and answer alike. */
final class ConsoleForms {

    /** The status of a change understood and not acceptable: a file that does not pass, an activation refused. */
    static final int UNPROCESSABLE = 422;

    private ConsoleForms() {
    }

    /**
     * What is wrong with a proposal's or a rejection's {@code reason} (stripped), named as the form
     * names the field; empty when nothing is. The REST API requires one too.
     */
    static List<String> reasonProblems(String reason) {
        if (reason.isEmpty()) {
            return List.of("reason: give a reason; it is recorded with the change");
        }
        if (reason.length() > ApiRequests.MAX_REASON) {
            return List.of("reason: at most " + ApiRequests.MAX_REASON + " characters, not " + reason.length());
        }
        return List.of();
    }

    /** A refused activation named: why, then each error at its file, line and column. */
    static List<String> refusal(RuleReloadException e) {
        List<String> named = new ArrayList<>();
        named.add("Not activated: " + e.getMessage());
        e.errors().forEach(error -> named.add(error.toString()));
        return named;
    }
}
