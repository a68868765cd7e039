package com.riskpolicy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.riskpolicy.decision.DecisionView;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem: {@code application/problem+json}. {@code errors} names the fields at fault;
 * a policy denial carries the whole {@code decision}; a refused reload where approvals are required
 * names the INVALID proposal it was stored as ({@code proposalId}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<?> errors,
                      DecisionView decision, Long proposalId) {

    /** A problem that names no proposal. */
    public Problem(String type, String title, int status, String detail, List<?> errors, DecisionView decision) {
        this(type, title, status, detail, errors, decision, null);
    }

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public record FieldError(String field, String message) {
    }

    static Response response(int status, String title, String detail) {
        return response(new Problem("about:blank", title, status, detail, null, null));
    }

    static Response badRequest(String detail, List<FieldError> errors) {
        return response(new Problem("about:blank", "Bad Request", 400, detail, errors, null));
    }

    static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }
}
