package com.riskpolicy.ruleops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The cluster's rule set as this node follows it: another node's activation is a row in
 * rule_revision and the pointer active_rule_set, whatever that row's id (nodes draw ids in blocks
 * of their own); this node compiles, self-tests and serves it, or refuses it and keeps serving. A
 * rule set another node announces (rule_set_candidate) is prepared here ahead of its activation.
 */
@QuarkusTest
class ClusterRuleSetTest {

    private static final String CALL_AT_80 = "margin-call-risk-ratio,0.8,";

    @Inject
    RuleOperations operations;
    @Inject
    RuleRevisions revisions;
    @Inject
    RuleEngine engine;
    @Inject
    EntityManager entityManager;

    /** What another node records when it activates {@code files}. */
    private RuleSet activateElsewhere(RuleSet before, Map<String, String> files) throws RuleCompilationException {
        RuleSet other = engine.compile(RuleFiles.of(files));
        revisions.record(ActivationSource.RELOAD, "officer-on-node-2", before.ruleFiles().contents(), other);
        return other;
    }

    /**
     * Another revision of {@code rules}: the margin-call parameter's description reworded. Its value
     * stays, since the policy examples pin it (a call at exactly 80 %, none one cent short of it).
     */
    private Map<String, String> reworded(RuleSet rules, String note) {
        Map<String, String> files = new HashMap<>(rules.ruleFiles().contents());
        String parameters = files.get("risk-parameters.csv");
        assertEquals(true, parameters.contains(CALL_AT_80), "the shipped parameters call at 0.8");
        files.put("risk-parameters.csv", parameters.replace(CALL_AT_80, CALL_AT_80 + note + " "));
        return files;
    }

    @Test
    void this_node_serves_what_another_node_activated_even_when_its_row_id_is_lower() throws RuleCompilationException {
        RuleSet shipped = engine.active();
        // another node's earlier block of ids: far above the ids this node draws next
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO rule_revision (id, activated_at, activated_by, contents, files_changed, revision, source)"
                                + " SELECT 900000000, activated_at, activated_by, contents, files_changed, revision, source"
                                + " FROM rule_revision r JOIN active_rule_set a ON a.revision_id = r.id")
                .executeUpdate());
        try {
            RuleSet other = activateElsewhere(shipped, reworded(shipped, "(reviewed)"));
            assertEquals(other.revision(), revisions.head().orElseThrow().revision(), "the activation recorded last");

            operations.followCluster();

            assertEquals(other.revision(), engine.active().revision());
            RuleOperations.ReloadOutcome last = operations.status().lastReload();
            assertEquals(ActivationSource.CLUSTER, last.source());
            assertEquals(RuleOperations.Outcome.ACTIVATED, last.outcome());
            given().auth().preemptive().basic("officer", "officer").get("/v1/rules").then().statusCode(200)
                    .body("revision", equalTo(other.revision()))
                    .body("cluster.revision", equalTo(other.revision()))
                    .body("cluster.servesRevision", equalTo(true))
                    .body("cluster.nodes.live", hasItem(true));
        } finally {
            activateElsewhere(engine.active(), shipped.ruleFiles().contents());
            operations.followCluster();
            QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery("DELETE FROM rule_revision WHERE id = 900000000").executeUpdate());
        }
        assertEquals(shipped.revision(), engine.active().revision());
    }

    @Test
    void a_rule_set_another_node_announces_is_prepared_ahead_and_served_as_prepared_once_activated() throws Exception {
        RuleSet shipped = engine.active();
        RuleSet other = engine.compile(RuleFiles.of(reworded(shipped, "(reviewed)")));
        revisions.propose(other, "node-2");
        try {
            operations.followCluster();
            RuleSet ready = operations.prepared().orElseThrow();
            assertEquals(other.revision(), ready.revision());
            assertEquals(shipped.revision(), engine.active().revision(), "prepared, not activated");
            given().auth().preemptive().basic("officer", "officer").get("/v1/rules").then().statusCode(200)
                    .body("cluster.nodes.preparedRevision", hasItem(other.revision()));

            revisions.record(ActivationSource.RELOAD, "officer-on-node-2", shipped.ruleFiles().contents(), other);
            operations.followCluster();

            assertSame(ready, engine.active(), "switched to the rule set it had ready, without compiling it again");
        } finally {
            activateElsewhere(engine.active(), shipped.ruleFiles().contents());
            operations.followCluster();
            QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery("DELETE FROM rule_set_candidate").executeUpdate());
        }
        assertEquals(shipped.revision(), engine.active().revision());
    }

    @Test
    void an_activation_that_does_not_pass_here_is_refused_once_and_this_node_keeps_serving() throws Exception {
        RuleSet shipped = engine.active();
        Map<String, String> broken = new HashMap<>(shipped.ruleFiles().contents());
        broken.put("margin-mode.drl", broken.get("margin-mode.drl").replace("positionQuantity > 0", "positionQuantity >"));
        assertThrows(RuleCompilationException.class, () -> engine.compile(RuleFiles.of(broken)));
        // recorded by a node that could compile it (another release's rules, say)
        recordAsHead(900000001L, RuleFiles.of(broken).revision(), broken);
        try {
            operations.followCluster();
            RuleOperations.ReloadOutcome refused = operations.status().lastReload();
            operations.followCluster();

            assertEquals(shipped.revision(), engine.active().revision());
            assertEquals(ActivationSource.CLUSTER, refused.source());
            assertEquals(RuleOperations.Outcome.REFUSED, refused.outcome());
            assertEquals("margin-mode.drl", refused.errors().get(0).file());
            assertSame(refused, operations.status().lastReload(), "refused once, not compiled again at every look");
            given().auth().preemptive().basic("officer", "officer").get("/v1/rules").then().statusCode(200)
                    .body("cluster.revision", equalTo(RuleFiles.of(broken).revision()))
                    .body("cluster.servesRevision", equalTo(false));
        } finally {
            activateElsewhere(shipped, shipped.ruleFiles().contents());
            operations.followCluster();
            QuarkusTransaction.requiringNew().run(() ->
                    entityManager.createNativeQuery("DELETE FROM rule_revision WHERE id = 900000001").executeUpdate());
        }
        assertEquals(shipped.revision(), engine.active().revision());
    }

    /** Records an activation of {@code files} as another node's, without compiling them here. */
    private void recordAsHead(long id, String revision, Map<String, String> files) throws Exception {
        String json = new ObjectMapper().writeValueAsString(files);
        boolean postgres = ConfigProvider.getConfig().getValue("quarkus.datasource.db-kind", String.class).startsWith("postgres");
        String jsonParameter = postgres ? "CAST(?3 AS json)" : "?3 FORMAT JSON";
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("INSERT INTO rule_revision (id, activated_at, activated_by, contents, files_changed,"
                            + " revision, source) VALUES (?1, CURRENT_TIMESTAMP, 'officer-on-node-2', " + jsonParameter + ", "
                            + jsonParameter.replace("?3", "?4") + ", ?2, 'RELOAD')")
                    .setParameter(1, id).setParameter(2, revision).setParameter(3, json).setParameter(4, "[]").executeUpdate();
            entityManager.createNativeQuery("UPDATE active_rule_set SET revision_id = ?1 WHERE name = 'cluster'")
                    .setParameter(1, id).executeUpdate();
        });
    }
}
