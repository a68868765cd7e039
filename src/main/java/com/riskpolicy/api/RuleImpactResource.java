package com.riskpolicy.api;

import com.riskpolicy.ruleops.RuleImpact;
import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Impact analysis for risk officers: what a candidate rule set would have decided on the last
 * logged decisions, before anyone activates it. The candidate is compiled, never activated.
 */
@Path("/v1/rules/impact")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleImpactResource {

    static final int MAX_LAST = 10_000;

    @Inject
    RuleEngine engine;
    @Inject
    RuleImpact impact;
    @Inject
    RuleOperations operations;

    /**
     * @param files   rule files by name; they replace the active rule set's files of the same name
     *                (a new name adds a file) unless {@code replace} is true, when they are the
     *                whole candidate
     * @param last    how many of the newest logged decisions to replay
     */
    public record ImpactRequest(@NotNull Map<@NotBlank String, @NotNull String> files, Boolean replace,
                                @Min(1) @Max(MAX_LAST) Integer last) {
    }

    @POST
    @Operation(summary = "Replay the last N logged decisions on a candidate rule set and count what would flip"
            + " (ALLOW to DENY, DENY to ALLOW, changed codes), with examples; activates nothing")
    public Response impact(@Valid @NotNull ImpactRequest body) {
        for (String name : body.files().keySet()) {
            if (!RuleOperations.isPlainRuleFileName(name)) {
                throw new InvalidInputException("files." + name, "must name a .drl or .csv file of the rules folder");
            }
        }
        RuleSet active = engine.active();
        try {
            return Response.ok(impact.replayCandidate(operations.candidate(active, body.files(), Boolean.TRUE.equals(body.replace())),
                    active, body.last() == null ? RuleImpact.DEFAULT_LAST : body.last())).build();
        } catch (RuleCompilationException e) {
            int count = e.errors().size();
            return Problem.response(new Problem("about:blank", "Unprocessable Content", 422,
                    "The candidate rule set does not compile (" + count + (count == 1 ? " error" : " errors")
                            + "); nothing was replayed.", e.errors(), null));
        }
    }
}
