package com.riskpolicy.console;

import java.util.List;

/** The reason a console form sends with a proposal or a rejection: required, as the REST API requires it. */
final class Reasons {

    /** As long as the REST API takes a proposal's or a rejection's reason. */
    static final int MAX_LENGTH = 2000;

    private Reasons() {
    }

    /** What is wrong with {@code reason} (stripped), named as the form names the field; empty when nothing is. */
    static List<String> problems(String reason) {
        if (reason.isEmpty()) {
            return List.of("reason: give a reason; it is recorded with the change");
        }
        if (reason.length() > MAX_LENGTH) {
            return List.of("reason: at most " + MAX_LENGTH + " characters, not " + reason.length());
        }
        return List.of();
    }
}
