package com.riskpolicy.ops;

import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a rule set is active. Stays UP while the rules folder is refused: the service then
 * serves a rule set that passed the same checks and was recorded when it served before, so taking
 * it out of rotation would turn a risk officer's unfinished edit into an outage for every platform.
 * The data says so instead ({@code servesFolder}, the last reload and its errors), for a probe or an
 * alert to read.
 */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {

    @Inject
    RuleEngine engine;
    @Inject
    RuleOperations operations;

    @Override
    public HealthCheckResponse call() {
        if (!engine.isReady()) {
            return HealthCheckResponse.named("rules").down().build();
        }
        RuleOperations.Status status = operations.status();
        RuleSet rules = status.active();
        String folderRevision = operations.folderRevision().orElse("unreadable");
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rules").up()
                .withData("revision", rules.revision())
                .withData("loadedAt", rules.loadedAt().toString())
                .withData("folderRevision", folderRevision)
                .withData("servesFolder", rules.revision().equals(folderRevision));
        if (status.lastReload() != null) {
            response.withData("lastReload", status.lastReload().outcome().name());
            if (!status.lastReload().errors().isEmpty()) {
                response.withData("lastReloadErrors", status.lastReload().errors().stream().map(RuleError::toString)
                        .collect(Collectors.joining("\n")));
            }
        }
        return response.build();
    }
}
