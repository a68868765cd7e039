package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.StatelessDecision;
import com.riskpolicy.api.ApiViews.DecisionView;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Stateless decisions: the caller sends every fact; the ledger is neither read nor written. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Checks")
public class DecisionResource {

    @Inject
    PolicyService policy;
    @Inject
    PolicyContext context;

    @POST
    @Operation(summary = "Decide an action on facts the caller supplies")
    public DecisionView decide(@Valid @NotNull StatelessDecision body) {
        StatelessFacts facts = new StatelessFacts(context);
        AccountSnapshot account = facts.account(body.facts());
        ActionRequest request = facts.request(body.action(), body.params());
        return DecisionView.of(policy.decide(account, request).decision());
    }
}
