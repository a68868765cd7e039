package com.riskpolicy.api;

import com.riskpolicy.api.ApiViews.RuleSetView;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The active rule set, for risk officers. */
@Path("/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules")
public class RuleSetResource {

    @Inject
    RuleEngine engine;

    @GET
    @Operation(summary = "The active revision and its files")
    public RuleSetView active() {
        RuleSet rules = engine.active();
        return new RuleSetView(rules.revision(), rules.files(), rules.loadedAt(),
                engine.folder().toAbsolutePath().normalize().toString());
    }
}
