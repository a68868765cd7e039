package com.riskpolicy.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.domain.UnknownSymbolException;
import com.riskpolicy.ledger.AccountNotFoundException;
import com.riskpolicy.ledger.LedgerConflictException;
import com.riskpolicy.ledger.PolicyDeniedException;
import com.riskpolicy.ruleops.ProposalRefusedException;
import com.riskpolicy.ruleops.RuleReloadException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a problem+json response; nothing reaches the client as a bare 5xx. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e) {
        return constraintViolations(e);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.badRequest("The request is invalid.", errors);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        if (isDuplicateKey(e)) {
            return duplicateKey(e);
        }
        if (e.getCause() instanceof JsonProcessingException parse && !(parse instanceof JsonMappingException)) {
            // JSON that ends or breaks inside a nested value: the body is not JSON, whatever field it was in
            return malformedJson(parse);
        }
        String field = jsonPath(e.getPath());
        String message;
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (e instanceof StrictJson.RefusedValueException refused) {
            message = refused.fieldMessage();
        } else if (field.isEmpty() && e.getOriginalMessage().startsWith("Trailing token")) {
            message = "must be one JSON value with nothing after it";
        } else if (target != null && target.isEnum()) {
            message = "must be one of " + Arrays.toString(target.getEnumConstants());
        } else if (target == BigDecimal.class) {
            message = StrictJson.PlainDecimal.MESSAGE;
        } else if (target != null) {
            message = "has the wrong type: expected " + describe(target);
        } else {
            message = "is malformed";
        }
        return Problem.badRequest("The request body could not be read: " + (field.isEmpty() ? "body" : field) + " "
                + message + ".", List.of(new Problem.FieldError(field.isEmpty() ? "body" : field, message)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (isDuplicateKey(e)) {
            return duplicateKey(e);
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return Problem.badRequest("The request body is not valid JSON" + where + ".",
                List.of(new Problem.FieldError("body", "is not valid JSON" + where)));
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return Problem.badRequest(e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unknownSymbol(UnknownSymbolException e) {
        return Problem.badRequest("Unknown symbol " + e.symbol() + ".",
                List.of(new Problem.FieldError("symbol", "is not a listed contract: " + e.symbol())));
    }

    @ServerExceptionMapper
    public Response ruleSetRefused(RuleReloadException e) {
        return Problem.response(new Problem("about:blank", "Unprocessable Content", 422, e.getMessage(), e.errors(), null,
                e.proposalId()));
    }

    /** The rule that refused it, in a 403's errors. */
    public record GovernanceRule(String rule) {
    }

    @ServerExceptionMapper
    public Response proposalRefused(ProposalRefusedException e) {
        String title = e.status() == 403 ? "Forbidden" : "Conflict";
        return Problem.response(new Problem("about:blank", title, e.status(), e.getMessage(),
                e.rule() == null ? null : List.of(new GovernanceRule(e.rule())), null));
    }

    @ServerExceptionMapper
    public Response accountNotFound(AccountNotFoundException e) {
        return Problem.response(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response ledgerConflict(LedgerConflictException e) {
        return Problem.response(e.status(), e.status() == 404 ? "Not Found" : "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response denied(PolicyDeniedException e) {
        DecisionView decision = DecisionView.of(e.decision());
        String detail = "Denied by policy: " + String.join("; ", e.decision().violations().stream()
                .map(v -> v.code() + " (" + v.rule() + ")").toList());
        return Problem.response(new Problem("about:blank", "Unprocessable Content", 422, detail, null, decision));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonMappingException mapping) {
            return jsonMapping(mapping);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        if (status >= 500) {
            LOG.error("request failed", e);
            return Problem.response(status, title, "The service could not handle the request.");
        }
        return Problem.response(status, title, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.response(500, "Internal Server Error", "The service could not handle the request.");
    }

    /**
     * A key given twice in one object, which {@link StrictJson} reads with Jackson's duplicate
     * detection. Jackson reports it as a parse error (wrapped in a mapping error when it is nested)
     * whose only mark is its message; the parser still stands on the repeated key.
     */
    private static boolean isDuplicateKey(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field ")
                && e.getProcessor() instanceof JsonParser;
    }

    private static Response duplicateKey(JsonProcessingException e) {
        String field = path(((JsonParser) e.getProcessor()).getParsingContext());
        return Problem.badRequest("The request body gives " + field + " more than once.",
                List.of(new Problem.FieldError(field, "is given more than once")));
    }

    /** The dotted path of the parser's position: {@code facts.positions[0].symbol}. */
    private static String path(JsonStreamContext context) {
        Deque<JsonStreamContext> levels = new ArrayDeque<>();
        for (JsonStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            levels.push(level);
        }
        StringBuilder field = new StringBuilder();
        for (JsonStreamContext level : levels) {
            if (level.inArray()) {
                field.append('[').append(level.getCurrentIndex()).append(']');
            } else {
                append(field, level.getCurrentName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (kind == ElementKind.METHOD) {
                continue;
            }
            // a node inside a list or map carries the element's index or key: positions[0].entryPrice, balances.USDT
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.isInIterable() && node.getKey() != null) {
                append(field, String.valueOf(node.getKey()));
            }
            if (kind != ElementKind.CONTAINER_ELEMENT) {
                append(field, node.getName());
            }
        }
        if (field.isEmpty()) {
            return parameter == null || parameter.equals("body") ? "body" : parameter;
        }
        return field.toString();
    }

    private static void append(StringBuilder field, String name) {
        if (name == null) {
            return;
        }
        if (!field.isEmpty()) {
            field.append('.');
        }
        field.append(name);
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                append(field, reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type.getSimpleName();
    }
}
