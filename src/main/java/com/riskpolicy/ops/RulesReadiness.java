package com.riskpolicy.ops;

import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a rule set is active. */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {

    @Inject
    RuleEngine engine;

    @Override
    public HealthCheckResponse call() {
        if (!engine.isReady()) {
            return HealthCheckResponse.named("rules").down().build();
        }
        RuleSet rules = engine.active();
        return HealthCheckResponse.named("rules").up()
                .withData("revision", rules.revision())
                .withData("loadedAt", rules.loadedAt().toString())
                .build();
    }
}
