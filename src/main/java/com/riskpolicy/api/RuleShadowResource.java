package com.riskpolicy.api;

import com.riskpolicy.access.Caller;
import com.riskpolicy.ruleops.RuleShadows;
import com.riskpolicy.ruleops.RuleShadows.ShadowReport;
import com.riskpolicy.ruleops.RuleShadows.Started;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A proposal's shadow: its candidate decides every live decision again beside the active rule set,
 * never changing an answer, and the two are counted where they agree and where they do not. Risk
 * officers start and stop it; every role reads it.
 */
@Path("/v1/rules/proposals/{id}/shadow")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleShadowResource {

    @Inject
    RuleShadows shadows;
    @Context
    SecurityContext security;

    @POST
    @Operation(summary = "Shadow an open proposal on every node: 201 when started, 200 when it runs already",
            description = "409 for a proposal that is not open. The shadow stops when the proposal is decided or "
                    + "with DELETE; its tallies stay readable.")
    public Response start(@PathParam("id") long id) {
        Started started = shadows.start(id, Caller.of(security)).orElseThrow(() -> noProposal(id));
        return Response.status(started.started() ? Response.Status.CREATED : Response.Status.OK)
                .entity(started.report()).build();
    }

    @GET
    @Operation(summary = "The shadow's tallies: agreements, disagreements by action and transition, with examples")
    public ShadowReport report(@PathParam("id") long id) {
        return shadows.report(id).orElseThrow(() -> noShadow(id));
    }

    @DELETE
    @Operation(summary = "Stop the shadow on every node; its tallies stay readable")
    public ShadowReport stop(@PathParam("id") long id) {
        return shadows.stop(id, Caller.of(security)).orElseThrow(() -> noShadow(id));
    }

    private static NotFoundException noProposal(long id) {
        return new NotFoundException("no rule proposal " + id);
    }

    private static NotFoundException noShadow(long id) {
        return new NotFoundException("rule proposal " + id + " does not exist or was never shadowed");
    }
}
