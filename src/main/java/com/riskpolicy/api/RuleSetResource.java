package com.riskpolicy.api;

import com.riskpolicy.access.Caller;
import com.riskpolicy.api.ApiRequests.Rollback;
import com.riskpolicy.api.ApiRequests.ValidateRules;
import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.cluster.ClusterNodes;
import com.riskpolicy.ruleops.ActivationSource;
import com.riskpolicy.ruleops.GovernedRuleOperations;
import com.riskpolicy.ruleops.RuleOperations.ReloadOutcome;
import com.riskpolicy.ruleops.PolicyExamples;
import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.ruleops.RuleRevisions.Revision;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleSet;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rule set, for risk officers: what is active, validate, reload, revisions, rollback. */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleSetResource {

    @Inject
    RuleEngine engine;
    @Inject
    RuleOperations operations;
    @Inject
    GovernedRuleOperations changes;
    @Inject
    Cluster cluster;
    @Inject
    ClusterNodes nodes;
    @Context
    SecurityContext security;
    @Context
    UriInfo uri;

    /**
     * @param folderRevision the revision of the files in the folder now (null when it cannot be read)
     * @param servesFolder   whether the serving revision is the folder's; false while the folder is
     *                       refused (lastReload says why) or changed and not yet reloaded
     */
    public record RuleSetView(String revision, List<String> files, Instant loadedAt, String folder,
                              String folderRevision, boolean servesFolder, LastReload lastReload, ClusterView cluster) {
    }

    /**
     * The rule set of the cluster (every node on the database) and what each node serves.
     *
     * @param revision         the cluster's active revision: the newest activation recorded by any node
     * @param node             the node that answered
     * @param servesRevision   whether the node that answered serves it
     * @param nodes            every node that has reported, live ones first
     */
    public record ClusterView(String revision, String node, boolean servesRevision, List<NodeView> nodes) {
    }

    /**
     * @param preparedRevision a rule set the node has compiled ahead of its activation by another node
     * @param lastSeen         when the node last reported (about every second while it runs)
     * @param live             whether it reported within policy.cluster.node-timeout
     */
    public record NodeView(String nodeId, String revision, String preparedRevision, Instant lastSeen, Instant startedAt,
                           boolean live, boolean servesRevision) {
    }

    /** @param proposalId the proposal a reload opened (PROPOSED) or stored as INVALID (REFUSED) where approvals are required */
    public record LastReload(Instant at, String by, ActivationSource source, RuleOperations.Outcome outcome,
                             String revision, List<RuleError> errors, long millis, Long proposalId) {
        static LastReload of(ReloadOutcome outcome) {
            return new LastReload(outcome.at(), outcome.by(), outcome.source(), outcome.outcome(), outcome.revision(),
                    outcome.errors(), outcome.millis(), outcome.proposalId());
        }
    }

    /** {@code examples} is null when the candidate does not compile. */
    public record ValidationView(boolean valid, String revision, List<RuleError> errors, PolicyExamples.Report examples) {
    }

    public record ActivationView(String revision, boolean activated, RuleOperations.Outcome outcome, long millis) {
        static ActivationView of(ReloadOutcome outcome) {
            return new ActivationView(outcome.revision(), outcome.outcome() == RuleOperations.Outcome.ACTIVATED,
                    outcome.outcome(), outcome.millis());
        }
    }

    @GET
    @Operation(summary = "The active revision, its files, whether it is the folder's, and the outcome of the last"
            + " reload with its errors")
    public RuleSetView active() {
        RuleOperations.Status status = operations.status();
        RuleSet rules = status.active();
        String folderRevision = operations.folderRevision().orElse(null);
        return new RuleSetView(rules.revision(), rules.files(), rules.loadedAt(),
                engine.folder().toAbsolutePath().normalize().toString(), folderRevision,
                rules.revision().equals(folderRevision),
                status.lastReload() == null ? null : LastReload.of(status.lastReload()), cluster(rules.revision()));
    }

    private ClusterView cluster(String serving) {
        String revision = operations.clusterRevision().orElse(serving);
        List<NodeView> views = nodes.nodes().stream()
                .map(n -> new NodeView(n.nodeId(), n.revision(), n.preparedRevision(), n.lastSeen(), n.startedAt(),
                        n.live(), revision.equals(n.revision())))
                .toList();
        return new ClusterView(revision, cluster.nodeId(), revision.equals(serving), views);
    }

    @POST
    @Path("validate")
    @Operation(summary = "Compile, self-test and run the policy examples of candidate files without activating them",
            description = "The files replace the active rule set's files of the same name (null removes one); "
                    + "with replace=true they are the whole candidate. A failing example is an error at its file and line.")
    public ValidationView validate(@Valid @NotNull ValidateRules body) {
        var candidate = operations.candidate(body.files(), Boolean.TRUE.equals(body.replace()));
        RuleOperations.Validation validation = operations.validate(candidate);
        return new ValidationView(validation.errors().isEmpty(), candidate.revision(), validation.errors(),
                validation.examples());
    }

    @GET
    @Path("examples")
    @Operation(summary = "Run the active rule set's policy examples: how many pass, which fail, and which rules no"
            + " example fires (rule coverage)")
    public PolicyExamples.Report examples() {
        return operations.examples();
    }

    @POST
    @Path("reload")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Compile the rules folder, self-test it and activate it; on any error the active rule set keeps serving (422)",
            description = "Where approvals are required (policy.rules.approvals-required >= 1) a changed folder is proposed"
                    + " instead, as the whole rule set, by the caller with the optional reason: 202 with the proposal and its"
                    + " Location. A folder that does not pass is refused (422) and stored as an INVALID proposal (proposalId).")
    public Response reload(@QueryParam("reason") @Size(max = ApiRequests.MAX_REASON, message = "must be at most {max} characters") String reason) {
        return answer(changes.reload(ActivationSource.RELOAD, Caller.of(security), reason));
    }

    @GET
    @Path("revisions")
    @Operation(summary = "Every activation, newest first: revision, when, by whom, what changed")
    public List<Revision> revisions(@QueryParam("limit") @DefaultValue("100") @Min(value = 1, message = QueryParameters.LIMIT)
                                    @Max(value = 1000, message = QueryParameters.LIMIT) int limit) {
        return operations.revisions(limit);
    }

    @GET
    @Path("revisions/{revision}")
    @Operation(summary = "One revision with the text of every file")
    public Revision revision(@PathParam("revision") String revision) {
        return operations.revision(revision).orElseThrow(() -> new NotFoundException("no rule set " + revision + " was ever activated"));
    }

    @POST
    @Path("rollback")
    @Operation(summary = "Write an earlier revision's files back into the rules folder and activate them",
            description = "Where approvals are required, only a revision once approved or one the service started on from"
                    + " its deployed folder is activated at once; any other is proposed (202 with the proposal).")
    public Response rollback(@Valid @NotNull Rollback body) {
        return answer(changes.rollback(body.revision(), Caller.of(security))
                .orElseThrow(() -> new NotFoundException("no rule set " + body.revision() + " was ever activated")));
    }

    /** 200 with the activation, or 202 with the proposal opened instead and its Location. */
    private Response answer(GovernedRuleOperations.Change change) {
        if (change.proposal() == null) {
            return Response.ok(ActivationView.of(change.outcome())).build();
        }
        return Response.accepted(RuleProposalResource.ProposalView.of(change.proposal()))
                .location(uri.getBaseUriBuilder().path("v1/rules/proposals").path(Long.toString(change.proposal().id())).build())
                .build();
    }
}
