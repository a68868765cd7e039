package com.riskpolicy.api;

import com.riskpolicy.decisionlog.DecisionLogUnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A decision the decision log could not take is not returned: 503, and nothing changed. */
public class DecisionLogProblems {

    @ServerExceptionMapper
    public Response unavailable(DecisionLogUnavailableException e) {
        return Response.fromResponse(Problem.response(503, "Service Unavailable", e.getMessage()
                        + " The decision was not returned and nothing changed; try again."))
                .header("Retry-After", "1").build();
    }
}
