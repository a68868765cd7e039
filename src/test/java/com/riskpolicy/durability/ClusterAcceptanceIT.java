package com.riskpolicy.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p>AcceptanceTest runs in a JVM of its own ({@link Features}), as surefire would run it: it starts
 * a service of its own in that JVM, as it always does, on a database of that JVM's, and its scenarios
 * talk only to node 1. Its output is in {@code target/cluster-acceptance/features.log}, its reports in
 * {@code target/cluster-acceptance/cucumber-reports}. Run by
 * {@code ./mvnw verify -Ppostgres} only (pom.xml).
 */
class ClusterAcceptanceIT {

    private static final Path NODES = Path.of("target", "cluster-acceptance");
    private static final String FEATURES = "com.riskpolicy.acceptance.AcceptanceTest";
    private static final Duration FEATURES_WITHIN = Duration.ofMinutes(20);

    @Test
    void the_acceptance_features_pass_against_one_node_while_another_serves_the_same_database() throws Exception {
        try (ClusterSchema schema = ClusterSchema.named("cluster_acceptance");
             // node-1 watches its rules folder, as in production: the features see its watcher propose an edit
             ServiceProcess node1 = schema.node(NODES, "node-1").environment("POLICY_RULES_WATCH", "true")
                     .environment("POLICY_RULES_WATCH_DEBOUNCE", "PT3S");
             ServiceProcess node2 = schema.node(NODES, "node-2")) {
            node1.start();
            node2.start();
            System.out.printf("[cluster] acceptance features against node-1 (%s), node-2 (%s) serving beside it, schema %s%n",
                    node1.baseUrl(), node2.baseUrl(), schema.name());

            Path log = NODES.resolve("features.log");
            Path summary = NODES.resolve("features-summary.txt");
            int exit = features(node1, log, summary);
            List<String> lines = Files.isRegularFile(summary) ? Files.readAllLines(summary) : Files.readAllLines(log);
            System.out.println(String.join("\n", lines));
            // Cucumber's own count, from the console it printed to (without its colours)
            Files.readAllLines(log).stream().map(line -> line.replaceAll("\u001B\\[[0-9;]*m", ""))
                    .filter(line -> line.matches("\\d+ (scenarios|steps) \\(.*"))
                    .forEach(line -> System.out.println("[cluster] acceptance features against node-1: " + line));
            assertEquals(0, exit, () -> "the acceptance features failed against node-1 (" + log + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));

            String revision = rules(node1).get("revision").asText();
            JsonNode followed = Await.until(() -> rules(node2), r -> revision.equals(r.get("revision").asText()),
                    Duration.ofSeconds(30));
            assertEquals(revision, followed.get("revision").asText(), "node-2 serves another rule set than node-1");
            assertTrue(followed.get("cluster").get("servesRevision").asBoolean(), followed.toString());
        }
    }

    /**
     * Runs the features against {@code node} in a JVM of its own, with this JVM's class path; its exit
     * status. Its output goes to {@code log}, the JUnit summary to {@code summary}.
     */
    private static int features(ServiceProcess node, Path log, Path summary) throws IOException, InterruptedException {
        Files.deleteIfExists(summary);
        // AcceptanceTest writes its reports to target/cucumber-reports: this run's go beside the nodes,
        // and those of the build's own run of the features stay where they were
        Path reports = Path.of("target", "cucumber-reports");
        Path build = NODES.resolve("cucumber-reports-of-the-build");
        moveIfThere(reports, build);
        try {
            return runFeatures(node, log, summary);
        } finally {
            moveIfThere(reports, NODES.resolve("cucumber-reports"));
            moveIfThere(build, reports);
        }
    }

    private static void moveIfThere(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            ServiceProcess.deleteRecursively(to);
            Files.move(from, to);
        }
    }

    private static int runFeatures(ServiceProcess node, Path log, Path summary) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "-Dacceptance.baseUrl=" + node.baseUrl(),
                // as the postgres profile runs the suite (pom.xml): the test JVM's own service on PostgreSQL
                "-Dpolicy.test.database=postgresql",
                "-Dquarkus.test.profile=test,postgres",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dvertx.disableURIValidation=true",
                Features.class.getName(), summary.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(FEATURES_WITHIN.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the acceptance features did not finish within " + FEATURES_WITHIN + "; see " + log);
        }
        return process.exitValue();
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

    /**
     * The features' JVM: runs AcceptanceTest through a JUnit launcher (the class named, so that Quarkus
     * loads it as a Quarkus test) and exits 0 only when every scenario ran and passed.
     */
    static final class Features {

        /** {@code args[0]}: the file for the summary (the service in this JVM takes over the console). */
        public static void main(String[] args) throws IOException {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(FEATURES)).build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])), true);
            summary.printTo(out);
            summary.printFailuresTo(out, 40);
            long notRun = summary.getTestsAbortedCount() + summary.getTestsSkippedCount();
            out.printf("[cluster] acceptance features against node-1: %d tests, %d passed, %d failed, %d not run,"
                            + " in %d ms%n", summary.getTestsFoundCount(), summary.getTestsSucceededCount(),
                    summary.getTotalFailureCount(), notRun, summary.getTimeFinished() - summary.getTimeStarted());
            out.close();
            boolean passed = summary.getTotalFailureCount() == 0 && notRun == 0 && summary.getTestsSucceededCount() > 0;
            System.exit(passed ? 0 : 1);
        }
    }
}
