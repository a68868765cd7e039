package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.StatelessDecision;
import com.riskpolicy.api.DecisionLogViews.DecisionLogPageView;
import com.riskpolicy.api.DecisionLogViews.LoggedDecisionView;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
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

    @Inject
    PolicyService policy;
    @Inject
    PolicyContext context;
    @Inject
    DecisionLog log;

    @POST
    @Operation(summary = "Decide an action on facts the caller supplies")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String decide(@Valid @NotNull StatelessDecision body) {
        StatelessFacts facts = new StatelessFacts(context);
        ActionRequest request = facts.request(body.action(), body.params());
        AccountSnapshot account = facts.account(body.facts(), request.symbol());
        // the document the decision log keeps for it, written once for both
        return DecisionLogJson.decision(policy.decide(DecisionSource.STATELESS, context.rules(), account, request).decision());
    }

    @GET
    @Tag(name = "Decision log")
    @Operation(summary = "The decision log, newest first: filter by account, action, outcome, source and time"
            + " (from inclusive, to exclusive, ISO-8601 instants); page with nextCursor")
    public DecisionLogPageView list(@Valid @BeanParam DecisionLogFilter filter) {
        return DecisionLogPageView.of(log.page(filter.query()));
    }

    @GET
    @Path("{decisionId}")
    @Tag(name = "Decision log")
    @Operation(summary = "One logged decision with its preview and the input facts it was decided on")
    public LoggedDecisionView get(@PathParam("decisionId") String decisionId) {
        return log.find(decisionId).map(LoggedDecisionView::full)
                .orElseThrow(() -> new NotFoundException("no logged decision " + decisionId));
    }
}
