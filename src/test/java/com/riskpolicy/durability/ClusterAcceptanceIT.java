package com.riskpolicy.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The acceptance features against node 1 of a cluster of two (issue 12, Tests): two nodes of the
 * packaged PostgreSQL service on a schema of their own; the features run against node 1 as against
 * any running service ({@code acceptance.baseUrl}, docs/acceptance.md), editing node 1's rules folder
 * in the rule-operations scenarios, while node 2 serves the same database and follows every rule set
 * those scenarios activate. At the end node 2 must serve the revision node 1 serves.
 *
 * <p>AcceptanceTest runs through a JUnit launcher of its own here, as surefire would run it (a JUnit
 * suite cannot hold it: Quarkus must load a Quarkus test's class itself). It still starts a service
 * in this JVM, as it always does; the scenarios talk only to node 1. Run by
 * {@code ./mvnw verify -Ppostgres} only (pom.xml).
 */
class ClusterAcceptanceIT {

    private static final String BASE_URL = "acceptance.baseUrl";
    private static final Path NODES = Path.of("target", "cluster-acceptance");
    /** By name: loaded by the launcher, so that Quarkus loads it as a Quarkus test (not by this class's loader) */
    private static final String FEATURES = "com.riskpolicy.acceptance.AcceptanceTest";

    @Test
    void the_acceptance_features_pass_against_one_node_while_another_serves_the_same_database() throws Exception {
        try (ClusterSchema schema = ClusterSchema.create();
             ServiceProcess node1 = schema.node(NODES, "node-1");
             ServiceProcess node2 = schema.node(NODES, "node-2")) {
            node1.start();
            node2.start();
            System.out.printf("[cluster] acceptance features against node-1 (%s), node-2 (%s) serving beside it, schema %s%n",
                    node1.baseUrl(), node2.baseUrl(), schema.name());

            TestExecutionSummary summary = features(node1);
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 20);
            System.out.printf("[cluster] acceptance features against node-1: %d scenarios, %d passed, %d failed, %d aborted,"
                            + " %d skipped, in %d ms%n", summary.getTestsFoundCount(), summary.getTestsSucceededCount(),
                    summary.getTestsFailedCount(), summary.getTestsAbortedCount(), summary.getTestsSkippedCount(),
                    summary.getTimeFinished() - summary.getTimeStarted());
            assertEquals(0, summary.getTotalFailureCount(), failures.toString());
            assertEquals(0, summary.getTestsAbortedCount() + summary.getTestsSkippedCount(), "scenarios not run");
            assertTrue(summary.getTestsSucceededCount() > 0, "no scenario ran");

            String revision = rules(node1).get("revision").asText();
            JsonNode followed = Await.until(() -> rules(node2), r -> revision.equals(r.get("revision").asText()),
                    Duration.ofSeconds(30));
            assertEquals(revision, followed.get("revision").asText(), "node-2 serves another rule set than node-1");
            assertTrue(followed.get("cluster").get("servesRevision").asBoolean(), followed.toString());
        }
    }

    /** Runs AcceptanceTest with its scenarios pointed at {@code node}. */
    private static TestExecutionSummary features(ServiceProcess node) {
        System.setProperty(BASE_URL, node.baseUrl());
        try {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(FEATURES)).build(), listener);
            return listener.getSummary();
        } finally {
            System.clearProperty(BASE_URL);
        }
    }

    private static JsonNode rules(ServiceProcess node) {
        try {
            ServiceProcess.Answer answer = node.send("officer", "GET", "/v1/rules", null);
            assertEquals(200, answer.status(), answer.text());
            return answer.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
