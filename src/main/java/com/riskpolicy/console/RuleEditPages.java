package com.riskpolicy.console;

import com.riskpolicy.access.Caller;
import com.riskpolicy.ruleops.ImpactReport;
import com.riskpolicy.ruleops.PolicyExamples;
import com.riskpolicy.ruleops.ProposalRefusedException;
import com.riskpolicy.ruleops.RuleImpact;
import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.ruleops.RuleReloadException;
import com.riskpolicy.rules.RuleCompilationException;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's editor: a risk officer edits one file of the active rule set (or a new one),
 * validates it as {@code POST /v1/rules/validate} does — the errors at their lines, the policy
 * examples' result, the impact on logged decisions as {@code POST /v1/rules/impact} computes it —
 * and proposes it as {@code POST /v1/rules/proposals} does. An auditor reads the files here.
 */
@Path("/console/edit")
@Produces(MediaType.TEXT_HTML)
public class RuleEditPages {

    static final String VALIDATE = "validate";
    static final String PROPOSE = "propose";

    @Inject
    RuleOperations operations;
    @Inject
    RuleProposals proposals;
    @Inject
    RuleImpact impact;
    @ConfigProperty(name = "policy.rules.approvals-required", defaultValue = "1")
    int approvalsRequired;
    @Inject
    @Location("console/edit.html")
    Template edit;
    @Context
    SecurityContext security;

    /**
     * The editor's state: the active revision's files, the file edited (blank when its name could
     * not be read) and its text, the reason typed, what the page could not do ({@code problems}: a
     * field it cannot read, a refusal) and what validating found ({@code checked}, null before).
     */
    @TemplateData
    public record Editor(List<String> files, String file, boolean newFile, String text, String reason,
                         List<String> problems, Checked checked) {

        Editor with(List<String> problems, Checked checked) {
            return new Editor(files, file, newFile, text, reason, problems, checked);
        }
    }

    /**
     * What validating the candidate (the active files with this one replaced) found.
     *
     * @param lines      the edited text as validated, numbered, its lines with an error marked
     * @param examples   the policy examples' report; null when the candidate does not compile
     * @param impact     the replay of the latest logged decisions on the candidate; null unless it is valid
     */
    @TemplateData
    public record Checked(boolean valid, String revision, List<ErrorRow> errors, List<Line> lines,
                          PolicyExamples.Report examples, ImpactReport impact) {
    }

    /** An error; {@code here} when it is in the file edited, so the page links it to its line. */
    @TemplateData
    public record ErrorRow(String file, int line, int column, String message, boolean here) {
    }

    /** One numbered line of the edited text; {@code number} is padded so the numbers align. */
    @TemplateData
    public record Line(int line, String number, String text, boolean bad) {
    }

    @GET
    @Operation(summary = "The console's editor (HTML): a file of the active rule set, or a new one, to validate and propose")
    public TemplateInstance open(@QueryParam("file") String file) {
        RuleFiles active = operations.status().active().ruleFiles();
        List<String> problems = new ArrayList<>();
        String chosen = file == null || file.isBlank() ? firstRuleFile(active) : file.strip();
        if (!RuleOperations.isPlainRuleFileName(chosen)) {
            problems.add(unreadableFileName(chosen));
            chosen = "";
        }
        String text = active.contents().getOrDefault(chosen, "");
        return page(new Editor(fileNames(active), chosen, !chosen.isEmpty() && !active.contents().containsKey(chosen),
                text, "", problems, null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Validate (intent=validate) or propose (intent=propose, with a reason) the edited file")
    public Response submit(@FormParam("file") String file, @FormParam("text") String text,
                           @FormParam("reason") String reason, @FormParam("intent") String intent) {
        RuleFiles active = operations.status().active().ruleFiles();
        String name = file == null ? "" : file.strip();
        // a browser sends a textarea's lines ended by CR LF; the rule files end them by LF
        String content = text == null ? null : text.replace("\r\n", "\n");
        String why = reason == null ? "" : reason.strip();
        List<String> problems = new ArrayList<>();
        if (!VALIDATE.equals(intent) && !PROPOSE.equals(intent)) {
            problems.add("intent: '" + intent + "' is neither " + VALIDATE + " nor " + PROPOSE);
        }
        boolean readable = RuleOperations.isPlainRuleFileName(name);
        if (!readable) {
            problems.add(unreadableFileName(name));
        }
        if (content == null) {
            problems.add("text: the file's text is missing");
        }
        if (PROPOSE.equals(intent)) {
            problems.addAll(ConsoleForms.reasonProblems(why));
        }
        Editor editor = new Editor(fileNames(active), readable ? name : "", readable && !active.contents().containsKey(name),
                content == null ? "" : content, why, problems, null);
        if (!problems.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(page(editor)).build();
        }
        RuleFiles candidate = operations.candidate(Map.of(name, content), false);
        RuleOperations.Validation validation = operations.validate(candidate);
        boolean valid = validation.errors().isEmpty();
        if (valid && PROPOSE.equals(intent)) {
            try {
                RuleProposals.Proposal proposal = proposals.propose(Map.of(name, content), List.of(), why, Caller.of(security));
                return Response.seeOther(URI.create("/console/proposals/" + proposal.id())).build();
            } catch (ProposalRefusedException e) {
                return Response.status(e.status()).entity(page(editor.with(List.of(e.getMessage()), null))).build();
            } catch (RuleReloadException e) {
                // where no approval is required the proposal is activated at once, and that can still be refused
                return Response.status(ConsoleForms.UNPROCESSABLE).entity(page(editor.with(ConsoleForms.refusal(e), null))).build();
            }
        }
        Checked checked = new Checked(valid, candidate.revision(), errors(validation.errors(), name),
                lines(content, validation.errors(), name), validation.examples(), valid ? impact(candidate) : null);
        if (PROPOSE.equals(intent)) {
            int count = validation.errors().size();
            String notProposed = "Not proposed: the file does not pass validation (" + count
                    + (count == 1 ? " error" : " errors") + "). Nothing was proposed.";
            return Response.status(ConsoleForms.UNPROCESSABLE).entity(page(editor.with(List.of(notProposed), checked))).build();
        }
        return Response.ok(page(editor.with(List.of(), checked))).build();
    }

    private TemplateInstance page(Editor editor) {
        return ConsolePage.of(edit, "edit", security).data("editor", editor).data("approvalsRequired", approvalsRequired);
    }

    /** The impact of a valid candidate, as {@code POST /v1/rules/impact} reports it. */
    private ImpactReport impact(RuleFiles candidate) {
        RuleSet active = operations.status().active();
        try {
            return impact.replayCandidate(candidate, active, RuleImpact.DEFAULT_LAST);
        } catch (RuleCompilationException e) {
            return null; // it compiled a moment ago; the page then says the impact could not be computed
        }
    }

    private static List<ErrorRow> errors(List<RuleError> errors, String file) {
        return errors.stream()
                .map(e -> new ErrorRow(e.file(), e.line(), e.column(), e.message(), e.file().equals(file)))
                .toList();
    }

    private static List<Line> lines(String text, List<RuleError> errors, String file) {
        Set<Integer> bad = new HashSet<>();
        errors.stream().filter(e -> e.file().equals(file)).forEach(e -> bad.add(e.line()));
        List<String> lines = text.lines().toList();
        int width = String.valueOf(Math.max(1, lines.size())).length();
        List<Line> numbered = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            numbered.add(new Line(line, String.format("%" + width + "d", line), lines.get(i), bad.contains(line)));
        }
        return numbered;
    }

    private static List<String> fileNames(RuleFiles files) {
        return List.copyOf(files.contents().keySet());
    }

    /** The first DRL file, else the first file: a rule is what an officer edits most. */
    private static String firstRuleFile(RuleFiles files) {
        return files.contents().keySet().stream().filter(name -> name.endsWith(".drl")).findFirst()
                .orElse(files.contents().isEmpty() ? "" : files.contents().firstKey());
    }

    static String unreadableFileName(String name) {
        return "file: '" + name + "' is not a rule file's name (a plain .drl or .csv name, or examples/ and a plain .csv name)";
    }
}
