package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.riskpolicy.Await;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A proposal whose impact the node that stored it never finished (it stopped): the node that reads
 * it after {@code policy.rules.proposal-impact-takeover} computes it itself.
 */
@QuarkusTest
@TestProfile(ProposalImpactTakeoverTest.TakeOverAtOnce.class)
class ProposalImpactTakeoverTest {

    public static class TakeOverAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("policy.rules.proposal-impact-takeover", "PT0S");
        }
    }

    @Inject
    RuleProposals proposals;
    @Inject
    RuleEngine engine;
    @Inject
    EntityManager entityManager;

    @Test
    void an_impact_left_pending_by_a_stopped_node_is_computed_by_the_node_that_reads_it() {
        RuleFiles active = engine.active().ruleFiles();
        Map<String, String> files = new HashMap<>(active.contents());
        files.put("isolated-margin.drl", files.get("isolated-margin.drl") + "\n// reviewed\n");
        RuleFiles candidate = RuleFiles.of(files);
        long id = QuarkusTransaction.requiringNew().call(() -> {
            // as the node that stored it left it before it could compute the impact
            RuleProposalEntity row = new RuleProposalEntity();
            row.status = ProposalStatus.OPEN;
            row.proposedBy = "officer";
            row.proposedAt = Instant.now();
            row.reason = "Left by a node that stopped";
            row.baseRevision = active.revision();
            row.revision = candidate.revision();
            row.contents = candidate.contents();
            row.filesChanged = RuleRevisions.changes(active.contents(), candidate.contents());
            row.errors = List.of();
            row.selfTest = SelfTestOutcome.PASSED;
            row.impactStatus = RuleProposals.ImpactStatus.PENDING;
            row.approvals = List.of();
            entityManager.persist(row);
            return row.id;
        });

        RuleProposals.Proposal read = Await.until(() -> proposals.find(id).orElseThrow(),
                p -> p.impact().status() != RuleProposals.ImpactStatus.PENDING, Duration.ofSeconds(30));

        assertEquals(RuleProposals.ImpactStatus.READY, read.impact().status(), () -> String.valueOf(read.impact()));
        assertNotNull(read.impact().report());
        assertEquals(candidate.revision(), read.impact().report().get("candidateRevision").asText());
    }
}
