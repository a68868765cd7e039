package com.riskpolicy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.riskpolicy.access.Caller;
import com.riskpolicy.api.ApiRequests.ProposeRules;
import com.riskpolicy.api.ApiRequests.RejectProposal;
import com.riskpolicy.ruleops.ProposalStatus;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.ruleops.RuleShadows;
import com.riskpolicy.ruleops.RuleShadows.ShadowReport;
import com.riskpolicy.ruleops.RuleShadows.ShadowSummary;
import com.riskpolicy.ruleops.SelfTestOutcome;
import com.riskpolicy.ruleops.RuleProposals.Approval;
import com.riskpolicy.ruleops.RuleProposals.Proposal;
import com.riskpolicy.ruleops.RuleRevisions.FileChange;
import com.riskpolicy.rules.RuleError;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Governed rule changes: risk officers propose, approve, reject and withdraw; every role reads.
 * A proposal is activated for the cluster once {@code policy.rules.approvals-required} risk officers
 * other than its proposer have approved it. An approval and a withdrawal take no body.
 */
@Path("/v1/rules/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleProposalResource {

    /** Unchanged lines shown around each change of a file's diff. */
    private static final int DIFF_CONTEXT_LINES = 3;

    @Inject
    RuleProposals proposals;
    @Inject
    RuleShadows shadows;
    @Context
    SecurityContext security;
    @Context
    UriInfo uri;

    /**
     * A proposal. {@code diff} has, for every file it changes, the unified diff against the revision
     * it was proposed on ({@code baseRevision}); only when one proposal is asked for.
     *
     * @param errors   the compiler's and the self-test's errors, each at its file, line and column;
     *                 empty for a valid proposal
     * @param selfTest PASSED, FAILED (it compiles, a rule fails on a sample decision) or NOT_RUN (it
     *                 does not compile)
     * @param examples what its policy examples found: how many pass, the failures at their file and
     *                 line, the rules no example fires; null when it does not compile
     * @param impact   the replay of the latest logged decisions on the candidate, computed in the
     *                 background: its status, then its report (only when one proposal is asked for)
     * @param shadow   its shadow's state and totals (only when one proposal is asked for, once shadowed)
     */
    public record ProposalView(long proposalId, ProposalStatus status, String proposedBy, Instant proposedAt,
                               String reason, String baseRevision, String revision, List<FileChange> filesChanged,
                               List<FileDiff> diff, List<RuleError> errors, SelfTestOutcome selfTest,
                               JsonNode examples, RuleProposals.Impact impact, List<Approval> approvals,
                               int approvalsRequired, String decidedBy, Instant decidedAt, String decisionReason,
                               ShadowSummary shadow) {

        static ProposalView of(Proposal p) {
            return of(p, null);
        }

        static ProposalView of(Proposal p, ShadowSummary shadow) {
            return new ProposalView(p.id(), p.status(), p.proposedBy(), p.proposedAt(), p.reason(), p.baseRevision(),
                    p.revision(), p.filesChanged(), p.contents() == null ? null : diffs(p), p.errors(), p.selfTest(), p.examples(), p.impact(),
                    p.approvals(), p.approvalsRequired(), p.decidedBy(), p.decidedAt(), p.decisionReason(), shadow);
        }
    }

    /** One file's change, as a unified diff ({@code ---}/{@code +++} headers, {@code @@} hunks). */
    public record FileDiff(String file, String change, String unified) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose a rule change: files written and deleted against the active rule set, with a reason",
            description = "201 with the stored proposal: its diff, its validation errors (file, line, column) and the "
                    + "self-test's result. One that does not pass is INVALID and can never be approved. With "
                    + "policy.rules.approvals-required=0 a valid proposal is activated at once.")
    public Response propose(@Valid @NotNull ProposeRules body) {
        Proposal proposal = proposals.propose(body.files(), body.deleted() == null ? List.of() : body.deleted(),
                body.reason(), Caller.of(security));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(proposal.id())).build())
                .entity(ProposalView.of(proposal)).build();
    }

    @GET
    @Operation(summary = "Proposals newest first, all or of one status")
    public List<ProposalView> list(@QueryParam("status") ProposalStatus status,
                                   @QueryParam("limit") @DefaultValue("100") @Min(value = 1, message = QueryParameters.LIMIT)
                                   @Max(value = 1000, message = QueryParameters.LIMIT) int limit) {
        return proposals.list(Optional.ofNullable(status), limit).stream().map(ProposalView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One proposal with the diff of every file it changes")
    public ProposalView proposal(@PathParam("id") long id) {
        Proposal proposal = proposals.find(id).orElseThrow(() -> notFound(id));
        return ProposalView.of(proposal, shadows.report(proposal).map(ShadowReport::summary).orElse(null));
    }

    @POST
    @Path("{id}/approvals")
    @Operation(summary = "Approve a proposal as a risk officer other than its proposer (403 for its proposer); "
            + "with the approvals required it is activated for the cluster")
    public ProposalView approve(@PathParam("id") long id) {
        return ProposalView.of(proposals.approve(id, Caller.of(security)).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Path("{id}/rejections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reject an open proposal, with a reason")
    public ProposalView reject(@PathParam("id") long id, @Valid @NotNull RejectProposal body) {
        return ProposalView.of(proposals.reject(id, Caller.of(security), body.reason()).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Path("{id}/withdrawal")
    @Operation(summary = "Withdraw a proposal: its proposer only (403 for anyone else)")
    public ProposalView withdraw(@PathParam("id") long id) {
        return ProposalView.of(proposals.withdraw(id, Caller.of(security)).orElseThrow(() -> notFound(id)));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no rule proposal " + id);
    }

    private static List<FileDiff> diffs(Proposal proposal) {
        Map<String, String> base = proposal.baseContents();
        return proposal.filesChanged().stream().map(change -> {
            List<String> before = lines(base.get(change.file()));
            List<String> after = lines(proposal.contents().get(change.file()));
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a/" + change.file(), "b/" + change.file(), before,
                    DiffUtils.diff(before, after), DIFF_CONTEXT_LINES);
            return new FileDiff(change.file(), change.change(), String.join("\n", unified));
        }).toList();
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().toList();
    }
}
