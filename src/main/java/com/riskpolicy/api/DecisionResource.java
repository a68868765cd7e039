package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.StatelessDecision;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.api.DecisionLogViews.DecisionLogPageView;
import com.riskpolicy.api.DecisionLogViews.LoggedDecisionView;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.decisionlog.DecisionLogQuery;
import com.riskpolicy.decisionlog.LogPosition;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Outcome;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stateless decisions (the caller sends every fact; the ledger is neither read nor written), and
 * the decision log of every check, stateless decision and ledger action.
 */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Checks")
public class DecisionResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Inject
    PolicyService policy;
    @Inject
    PolicyContext context;
    @Inject
    DecisionLog log;

    @POST
    @Operation(summary = "Decide an action on facts the caller supplies")
    public DecisionView decide(@Valid @NotNull StatelessDecision body) {
        StatelessFacts facts = new StatelessFacts(context);
        ActionRequest request = facts.request(body.action(), body.params());
        AccountSnapshot account = facts.account(body.facts(), request.symbol());
        return DecisionView.of(policy.decide(DecisionSource.STATELESS, context.rules(), account, request).decision());
    }

    @GET
    @Tag(name = "Decision log")
    @Operation(summary = "The decision log, newest first: filter by account, action, outcome, source and time"
            + " (from inclusive, to exclusive, ISO-8601 instants); page with nextCursor")
    public DecisionLogPageView list(@QueryParam("accountId") String accountId, @QueryParam("action") String action,
                                    @QueryParam("decision") String decision, @QueryParam("source") String source,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !until.isAfter(since)) {
            throw new InvalidInputException("to", "must be after from");
        }
        DecisionLogQuery query = new DecisionLogQuery(blankToNull(accountId), action(action),
                Inputs.optionalEnum("decision", decision, Outcome.class),
                Inputs.optionalEnum("source", source, DecisionSource.class), since, until,
                limit(limit), cursor(cursor));
        return DecisionLogPageView.of(log.page(query));
    }

    @GET
    @Path("{decisionId}")
    @Tag(name = "Decision log")
    @Operation(summary = "One logged decision with its preview and the input facts it was decided on")
    public LoggedDecisionView get(@PathParam("decisionId") String decisionId) {
        return log.find(decisionId).map(LoggedDecisionView::full)
                .orElseThrow(() -> new NotFoundException("no logged decision " + decisionId));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The action's name ({@code REMOVE_MARGIN}) or its check path ({@code remove-margin}). */
    private static Action action(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        return Action.fromSlug(value).orElseGet(() -> Inputs.optionalEnum("action", value, Action.class));
    }

    private static Instant instant(String parameter, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(parameter, "must be an ISO-8601 instant such as 2026-11-25T12:00:00Z");
        }
    }

    private static int limit(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The nextCursor of a previous page. */
    private static LogPosition cursor(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        return LogPosition.parse(value).orElseThrow(() ->
                new InvalidInputException("cursor", "is not a cursor this service returned as nextCursor"));
    }
}
