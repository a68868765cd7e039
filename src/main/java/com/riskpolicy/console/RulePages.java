package com.riskpolicy.console;

import com.riskpolicy.access.Caller;
import com.riskpolicy.ruleops.GovernedRuleOperations;
import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.ruleops.RuleReloadException;
import com.riskpolicy.ruleops.RuleRevisions;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's rules: the active revision and every file of it, shown readably (a CSV table as a
 * table, DRL with an anchor at each rule); the revision history with a side-by-side diff of any two
 * revisions; a rollback, confirmed after naming what it changes; and a rule's name leading to its text.
 */
@Path("/console/rules")
@Produces(MediaType.TEXT_HTML)
public class RulePages {

    /** Activations the history shows, newest first. */
    static final int HISTORY = 50;
    /** Characters of a revision's hash shown where the whole would not fit (a table cell, a choice). */
    private static final int SHORT = 12;
    private static final String SHA256 = "sha256:";
    /** When a revision the diff form offers was activated: to the second, in UTC. */
    private static final DateTimeFormatter CHOICE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Inject
    RuleOperations operations;
    @Inject
    GovernedRuleOperations governed;
    @Inject
    @Location("console/rules.html")
    Template rulesPage;
    @Inject
    @Location("console/rule-file.html")
    Template filePage;
    @Inject
    @Location("console/rules-diff.html")
    Template diffPage;
    @Inject
    @Location("console/rollback.html")
    Template rollbackPage;
    @Inject
    @Location("console/problem.html")
    Template problemPage;
    @Context
    SecurityContext security;

    /** The revision serving, and its files. */
    @TemplateData
    public record Active(String revision, Instant loadedAt, List<String> files) {
    }

    /** One activation of the history; {@code active} when it is the revision serving now. */
    @TemplateData
    public record HistoryRow(String revision, String shortRevision, String previousRevision, Instant activatedAt,
                             String activatedBy, String source, String reason, Long proposalId, List<String> approvedBy,
                             List<Change> filesChanged, boolean active) {
    }

    /** A file an activation or a rollback adds, removes or modifies. */
    @TemplateData
    public record Change(String file, String change) {
    }

    /** A revision the diff form offers, named by its short hash, when and how it was last activated. */
    @TemplateData
    public record Choice(String revision, String label) {
    }

    /**
     * What a rollback did, as the page it leads to shows it: ACTIVATED, UNCHANGED or PROPOSED (with
     * the proposal it opened).
     */
    @TemplateData
    public record RollbackOutcome(String outcome, String revision, Long proposal) {
    }

    /**
     * A rollback to {@code target} as its confirmation names it: what changes from the revision
     * serving, and whether it is activated at once or proposed for approval.
     */
    @TemplateData
    public record RollbackPlan(String active, String target, Instant targetActivatedAt, String targetActivatedBy, String targetSource,
                               boolean inForce, boolean atOnce, List<Change> changes) {
    }

    @GET
    @Operation(summary = "The console's rules (HTML): the active revision's files, the revision history, the outcome of a rollback")
    public TemplateInstance rules(@QueryParam("rollback") String rollbackOutcome, @QueryParam("revision") String revision,
                                  @QueryParam("proposal") String proposal) {
        RuleSet active = operations.status().active();
        List<RuleRevisions.Revision> revisions = operations.revisions(HISTORY);
        List<HistoryRow> history = revisions.stream().map(r -> new HistoryRow(r.revision(), shortened(r.revision()),
                r.previousRevision(), r.activatedAt(), r.activatedBy(), r.source().name(), r.reason(), r.proposalId(),
                r.approvedBy(), changes(r.filesChanged()), r.revision().equals(active.revision()))).toList();
        Map<String, Choice> choices = new LinkedHashMap<>();
        for (RuleRevisions.Revision r : revisions) {
            choices.putIfAbsent(r.revision(), new Choice(r.revision(),
                    shortened(r.revision()) + " · " + r.source() + " · " + CHOICE_TIME.format(r.activatedAt())));
        }
        String compareTo = revisions.isEmpty() ? null : revisions.get(0).revision();
        String compareFrom = revisions.isEmpty() ? null : revisions.get(0).previousRevision();
        return ConsolePage.of(rulesPage, "rules", security)
                .data("active", new Active(active.revision(), active.loadedAt(), active.files()))
                .data("history", history).data("capped", revisions.size() == HISTORY).data("limit", HISTORY)
                .data("choices", List.copyOf(choices.values())).data("compareFrom", compareFrom).data("compareTo", compareTo)
                .data("outcome", outcome(rollbackOutcome, revision, proposal));
    }

    /** The outcome a rollback redirected with, when it is one a rollback has (anything else shows nothing). */
    private static RollbackOutcome outcome(String outcome, String revision, String proposal) {
        if (outcome == null || revision == null) {
            return null;
        }
        return switch (outcome) {
            case "ACTIVATED", "UNCHANGED" -> new RollbackOutcome(outcome, revision, null);
            case "PROPOSED" -> proposal != null && proposal.matches("\\d{1,18}")
                    ? new RollbackOutcome(outcome, revision, Long.parseLong(proposal)) : null;
            default -> null;
        };
    }

    @GET
    @Path("files/{file}")
    @Operation(summary = "One file of the active revision, or of ?revision= (HTML): DRL with its rules' anchors, CSV as a table")
    public Response file(@PathParam("file") String file, @QueryParam("revision") String revision) {
        return file(file, revision, "");
    }

    /**
     * A policy example table ({@code examples/<file>.csv}). The files have a path of their own rather
     * than one {@code {path: .+}}: the metrics label requests by whole-segment templates only
     * ({@code RouteTemplates}), and a rule file is a plain name or an example's.
     */
    @GET
    @Path("files/examples/{file}")
    @Operation(summary = "One policy example table of the active revision, or of ?revision= (HTML), as a table")
    public Response example(@PathParam("file") String file, @QueryParam("revision") String revision) {
        return file(file, revision, RuleFiles.EXAMPLES);
    }

    private Response file(String name, String revision, String folder) {
        String path = folder + name;
        Optional<RevisionFiles> files = files(revision);
        if (files.isEmpty()) {
            return unknownRevision(revision);
        }
        String text = files.get().contents().get(path);
        if (text == null) {
            return page(Status.NOT_FOUND, problem("No such file", "Revision " + files.get().revision()
                    + " has no file " + path + "."));
        }
        return page(Status.OK, ConsolePage.of(filePage, "rules", security).data("file", RuleFileView.of(path, text))
                .data("revision", files.get().revision()).data("activeRevision", files.get().active()));
    }

    @GET
    @Path("diff")
    @Operation(summary = "Two revisions side by side (HTML): each file added, removed or modified, and its lines old | new")
    public Response diff(@QueryParam("from") String from, @QueryParam("to") String to) {
        String newer = blank(to) ? operations.status().active().revision() : to.strip();
        Optional<RuleRevisions.Revision> after = operations.revision(newer);
        if (after.isEmpty()) {
            return unknownRevision(newer);
        }
        String older = blank(from) ? after.get().previousRevision() : from.strip();
        Map<String, String> before = Map.of();
        if (older != null) {
            Optional<RuleRevisions.Revision> earlier = operations.revision(older);
            if (earlier.isEmpty()) {
                return unknownRevision(older);
            }
            before = earlier.get().contents();
        }
        return page(Status.OK, ConsolePage.of(diffPage, "rules", security)
                .data("diff", RevisionDiff.between(older, before, newer, after.get().contents()))
                .data("fromShort", older == null ? null : shortened(older)).data("toShort", shortened(newer)));
    }

    @GET
    @Path("rollback")
    @Operation(summary = "The confirmation of a rollback (HTML): what changes, and whether it activates at once or is proposed")
    public Response confirmRollback(@QueryParam("revision") String revision) {
        if (blank(revision)) {
            return page(Status.BAD_REQUEST, problem("Which revision?", "revision: name the revision to roll back to."));
        }
        String target = revision.strip();
        Optional<RuleRevisions.Revision> to = operations.revision(target);
        if (to.isEmpty()) {
            return unknownRevision(target);
        }
        RuleSet active = operations.status().active();
        List<Change> changes = changes(RuleRevisions.changes(active.ruleFiles().contents(), to.get().contents()));
        return page(Status.OK, ConsolePage.of(rollbackPage, "rules", security).data("plan", new RollbackPlan(active.revision(),
                target, to.get().activatedAt(), to.get().activatedBy(), to.get().source().name(), target.equals(active.revision()),
                governed.rollbackActivatesAtOnce(target), changes)));
    }

    @POST
    @Path("rollback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Roll back to an earlier revision (a form, officers only): activated at once or proposed, as POST /v1/rules/rollback")
    public Response rollback(@FormParam("revision") String revision) {
        if (blank(revision)) {
            return page(Status.BAD_REQUEST, problem("Which revision?", "revision: name the revision to roll back to."));
        }
        String target = revision.strip();
        Optional<GovernedRuleOperations.Change> change;
        try {
            change = governed.rollback(target, Caller.of(security));
        } catch (RuleReloadException e) {
            return page(Status.fromStatusCode(422), problem("Rollback refused", e.getMessage()
                    + (e.proposalId() == null ? "" : " (stored as proposal " + e.proposalId() + ")"))
                    .data("errors", e.errors()));
        }
        if (change.isEmpty()) {
            return page(Status.NOT_FOUND, problem("No such revision", "No rule set " + target
                    + " was ever activated: nothing was rolled back."));
        }
        UriBuilder outcome = UriBuilder.fromPath("/console/rules")
                .queryParam("rollback", change.get().outcome().outcome().name()).queryParam("revision", target);
        if (change.get().proposal() != null) {
            outcome.queryParam("proposal", change.get().proposal().id());
        }
        return Response.seeOther(outcome.fragment("rollback-outcome").build()).build();
    }

    @GET
    @Path("rule")
    @Operation(summary = "The text of a rule (redirect): the file of the active revision, or of ?revision=, that declares it, at the rule")
    public Response rule(@QueryParam("name") String name, @QueryParam("revision") String revision) {
        if (blank(name)) {
            return page(Status.BAD_REQUEST, problem("Which rule?", "name: name the rule to show."));
        }
        Optional<RevisionFiles> files = files(revision);
        if (files.isEmpty()) {
            return unknownRevision(revision);
        }
        for (Map.Entry<String, String> drl : files.get().contents().entrySet()) {
            String anchor = drl.getKey().endsWith(".drl") ? RuleFileView.of(drl.getKey(), drl.getValue()).anchorOf(name) : null;
            if (anchor != null) {
                UriBuilder at = UriBuilder.fromPath("/console/rules/files/").path(drl.getKey());
                if (!files.get().active()) {
                    at.queryParam("revision", files.get().revision());
                }
                return Response.seeOther(at.fragment(anchor).build()).build();
            }
        }
        return page(Status.NOT_FOUND, problem("No such rule", "No file of revision " + files.get().revision()
                + " declares the rule “" + name + "”."));
    }

    /** The files of a revision; {@code active} when it is the one serving. */
    private record RevisionFiles(String revision, Map<String, String> contents, boolean active) {
    }

    /** The active revision's files when {@code revision} is blank or the active one; empty when no such revision was activated. */
    private Optional<RevisionFiles> files(String revision) {
        RuleSet active = operations.status().active();
        if (blank(revision) || revision.strip().equals(active.revision())) {
            return Optional.of(new RevisionFiles(active.revision(), active.ruleFiles().contents(), true));
        }
        return operations.revision(revision.strip()).map(r -> new RevisionFiles(r.revision(), r.contents(), false));
    }

    private Response unknownRevision(String revision) {
        return page(Status.NOT_FOUND, problem("No such revision", "No rule set " + revision + " was ever activated."));
    }

    private TemplateInstance problem(String heading, String message) {
        return ConsolePage.of(problemPage, "rules", security).data("heading", heading).data("message", message)
                .data("errors", List.<RuleError>of());
    }

    private static Response page(Status status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }

    private static List<Change> changes(List<RuleRevisions.FileChange> changes) {
        List<Change> out = new ArrayList<>();
        changes.forEach(c -> out.add(new Change(c.file(), c.change().toLowerCase(Locale.ROOT))));
        return out;
    }

    /** {@code sha256:} and the first characters of the hash: enough to tell revisions apart in a table. */
    static String shortened(String revision) {
        String hash = revision.startsWith(SHA256) ? revision.substring(SHA256.length()) : revision;
        return hash.length() <= SHORT ? hash : hash.substring(0, SHORT);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
