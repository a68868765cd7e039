package com.riskpolicy.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.access.Caller;
import com.riskpolicy.ruleops.ImpactReport;
import com.riskpolicy.ruleops.PolicyExamples;
import com.riskpolicy.ruleops.ProposalRefusedException;
import com.riskpolicy.ruleops.ProposalStatus;
import com.riskpolicy.ruleops.RuleReloadException;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.ruleops.RuleProposals.Proposal;
import com.riskpolicy.rules.RuleError;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's proposals: the open ones first, then the others; one proposal with its files, its
 * validation, policy examples, impact and approvals; and for risk officers approve, reject and
 * withdraw, through the same service as {@code /v1/rules/proposals}. A refusal (the proposer
 * approving, a proposal no longer open) is named on the proposal's page.
 */
@Path("/console/proposals")
@Produces(MediaType.TEXT_HTML)
public class ProposalPages {

    /** The open proposals listed, newest first. */
    private static final int OPEN_SHOWN = 100;
    /** The latest proposals the others are taken from. */
    private static final int RECENT = 50;

    @Inject
    RuleProposals proposals;
    @Inject
    ObjectMapper json;
    @Inject
    @Location("console/proposals.html")
    Template list;
    @Inject
    @Location("console/proposal.html")
    Template detail;
    @Context
    SecurityContext security;

    /** A proposal in the list. */
    @TemplateData
    public record Row(long id, String status, String proposedBy, Instant proposedAt, String reason, int approvals,
                      int approvalsRequired) {
    }

    /**
     * One proposal as its page shows it.
     *
     * @param files       each file it changes, with its proposed text (null when it deletes the file)
     * @param examples    its policy examples' report; null when it does not compile
     * @param impact      the replay of the latest logged decisions on it, once computed
     * @param diff        the console's diff of the two revisions, once both were activated; else null
     * @param mayApprove  whether the signed-in officer may approve it: open, not theirs, not approved by them yet
     * @param mayWithdraw whether the signed-in officer proposed it and it can still be withdrawn
     */
    @TemplateData
    public record Detail(long id, String status, String proposedBy, Instant proposedAt, String reason,
                         String baseRevision, String revision, List<ChangedFile> files, List<RuleError> errors,
                         String selfTest, PolicyExamples.Report examples, String impactStatus, int impactDecisions,
                         ImpactReport impact, String impactError, List<RuleProposals.Approval> approvals,
                         int approvalsRequired, String decidedBy, Instant decidedAt, String decisionReason, String diff,
                         boolean open, boolean mayApprove, boolean mayWithdraw) {
    }

    /** A file a proposal writes or deletes. */
    @TemplateData
    public record ChangedFile(String file, String change, String text) {
    }

    @GET
    @Operation(summary = "The console's proposals (HTML): the open ones, then the latest others")
    public TemplateInstance list() {
        List<Row> open = proposals.list(Optional.of(ProposalStatus.OPEN), OPEN_SHOWN).stream().map(ProposalPages::row).toList();
        List<Row> others = proposals.list(Optional.empty(), RECENT).stream()
                .filter(p -> p.status() != ProposalStatus.OPEN).map(ProposalPages::row).toList();
        return ConsolePage.of(list, "proposals", security).data("open", open).data("others", others);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One rule proposal (HTML): its files, validation, policy examples, impact and approvals")
    public TemplateInstance proposal(@PathParam("id") long id) {
        return page(find(id), List.of());
    }

    @POST
    @Path("{id}/approval")
    @Operation(summary = "Approve the proposal as the signed-in risk officer; see /v1/rules/proposals/{id}/approvals")
    public Response approve(@PathParam("id") long id) {
        return decide(id, () -> proposals.approve(id, Caller.of(security)));
    }

    @POST
    @Path("{id}/rejection")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Reject the open proposal with a reason; see /v1/rules/proposals/{id}/rejections")
    public Response reject(@PathParam("id") long id, @FormParam("reason") String reason) {
        String why = reason == null ? "" : reason.strip();
        List<String> unreadable = ConsoleForms.reasonProblems(why);
        if (!unreadable.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(page(find(id), unreadable)).build();
        }
        return decide(id, () -> proposals.reject(id, Caller.of(security), why));
    }

    @POST
    @Path("{id}/withdrawal")
    @Operation(summary = "Withdraw the signed-in officer's own proposal; see /v1/rules/proposals/{id}/withdrawal")
    public Response withdraw(@PathParam("id") long id) {
        return decide(id, () -> proposals.withdraw(id, Caller.of(security)));
    }

    /**
     * 303 to the proposal's page once done; a refusal is named on that page, with its status (403 or
     * 409), and so is an activation refused after the last approval (422).
     */
    private Response decide(long id, Supplier<Optional<Proposal>> decision) {
        try {
            decision.get().orElseThrow(() -> notFound(id));
            return Response.seeOther(URI.create("/console/proposals/" + id)).build();
        } catch (ProposalRefusedException e) {
            return Response.status(e.status()).entity(page(find(id), List.of(e.getMessage()))).build();
        } catch (RuleReloadException e) {
            // approved, and refused as it was activated: the rule set in force keeps serving
            return Response.status(ConsoleForms.UNPROCESSABLE).entity(page(find(id), ConsoleForms.refusal(e))).build();
        }
    }

    private Proposal find(long id) {
        return proposals.find(id).orElseThrow(() -> notFound(id));
    }

    private TemplateInstance page(Proposal proposal, List<String> problems) {
        return ConsolePage.of(detail, "proposals", security).data("proposal", detail(proposal)).data("problems", problems);
    }

    private Detail detail(Proposal p) {
        String me = Caller.of(security);
        boolean officer = security.isUserInRole("risk-officer");
        boolean open = p.status() == ProposalStatus.OPEN;
        boolean mine = p.proposedBy().equals(me);
        List<ChangedFile> files = p.filesChanged().stream()
                .map(change -> new ChangedFile(change.file(), change.change(), p.contents().get(change.file())))
                .toList();
        RuleProposals.Impact impact = p.impact();
        String diff = p.status() == ProposalStatus.APPROVED ? UriBuilder.fromPath("/console/rules/diff")
                .queryParam("from", p.baseRevision()).queryParam("to", p.revision()).build().toString() : null;
        return new Detail(p.id(), p.status().name(), p.proposedBy(), p.proposedAt(), p.reason(), p.baseRevision(),
                p.revision(), files, p.errors(), p.selfTest().name(), read(p.examples(), PolicyExamples.Report.class),
                impact.status().name(), impact.decisions(), read(impact.report(), ImpactReport.class), impact.error(),
                p.approvals(), p.approvalsRequired(), p.decidedBy(), p.decidedAt(), p.decisionReason(), diff, open,
                officer && open && !mine && p.approvals().stream().noneMatch(a -> a.by().equals(me)),
                officer && mine && (open || p.status() == ProposalStatus.INVALID));
    }

    /** A report stored as JSON with the proposal, read back; null when there is none (or it cannot be read). */
    private <T> T read(JsonNode stored, Class<T> type) {
        if (stored == null || stored.isNull()) {
            return null;
        }
        try {
            return json.treeToValue(stored, type);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Row row(Proposal p) {
        return new Row(p.id(), p.status().name(), p.proposedBy(), p.proposedAt(), p.reason(), p.approvals().size(),
                p.approvalsRequired());
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("no rule proposal " + id);
    }
}
