package com.riskpolicy.ops;

import com.riskpolicy.cluster.Cluster;
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
 * alert to read, with the node's id, the cluster's active revision and whether this node serves it.
 * The database's own readiness check (Quarkus' datasource check) keeps a node without its database
 * out of rotation.
 */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {

    @Inject
    RuleEngine engine;
    @Inject
    RuleOperations operations;
    @Inject
    Cluster cluster;

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
                .withData("servesFolder", rules.revision().equals(folderRevision))
                .withData("node", cluster.nodeId());
        String clusterRevision;
        try {
            clusterRevision = operations.clusterRevision().orElse(rules.revision());
        } catch (RuntimeException e) {
            return response.down().withData("database", String.valueOf(e.getMessage())).build();
        }
        response.withData("clusterRevision", clusterRevision)
                .withData("servesClusterRevision", clusterRevision.equals(rules.revision()));
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
