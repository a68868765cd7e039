package com.riskpolicy.decisionlog;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;

/** The input facts of a logged decision: everything needed to decide it again. */
public record LoggedInput(AccountSnapshot account, LoggedRequest request) {

    static LoggedInput of(LoggedDecision logged) {
        return new LoggedInput(logged.before(), LoggedRequest.of(logged.request()));
    }

    public ActionRequest actionRequest() {
        return request.toRequest();
    }
}
