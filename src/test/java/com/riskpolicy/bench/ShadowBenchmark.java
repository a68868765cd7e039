package com.riskpolicy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.bench.HttpCheckBenchmark.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What a proposal's shadow costs the checks (docs/api.md, Rule set): the packaged service on its
 * default H2 file database and HttpCheckBenchmark's accounts and open-position checks, measured
 * without a shadow and with one, back to back in one run, {@code bench.shadow.rounds} times. Each
 * round shadows a proposal of its own (all proposed before the warm-up, so their impact replays are
 * done before anything is measured) and reads its counts afterwards: how many checks it decided
 * again and how many it skipped because its queue was full.
 *
 * <p>Not a unit test: {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=shadow}. System
 * properties: {@code bench.seconds} (measured seconds per run, default 15),
 * {@code bench.shadow.warmup.seconds} (without, then with a shadow, default 60 each),
 * {@code bench.shadow.clients} (default 8), {@code bench.shadow.rounds} (default 2),
 * {@code bench.http.accounts} (default 200), {@code bench.http.jar}.
 */
public final class ShadowBenchmark {

    private static final String OFFICER = "Basic "
            + Base64.getEncoder().encodeToString("officer:officer".getBytes(StandardCharsets.US_ASCII));
    /** The shadow's worker thread, "rule-shadow". */
    private static final String SHADOW_THREAD = "rule-shadow";
    /** Each node writes its shadow's counts about every second (policy.rules.shadow-flush). */
    private static final Duration COUNTS_WRITTEN_WITHIN = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShadowBenchmark() {
    }

    /** One round: the checks without a shadow, then with one, and the CPU of the shadow's worker thread. */
    private record Round(int round, long proposal, Result without, Result with, Duration shadowCpu) {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("shadow", "shadow benchmark")) {
            return;
        }
        int seconds = Integer.getInteger("bench.seconds", 15);
        int warmupSeconds = Integer.getInteger("bench.shadow.warmup.seconds", 60);
        int clients = Integer.getInteger("bench.shadow.clients", 8);
        int rounds = Integer.getInteger("bench.shadow.rounds", 2);
        int accounts = Integer.getInteger("bench.http.accounts", 200);
        String database = HttpCheckBenchmark.database(HttpCheckBenchmark.SERVICE_H2_SETTINGS);
        try (ServiceNodes service = ServiceNodes.start(HttpCheckBenchmark.jar("bench.http.jar"), HttpCheckBenchmark.rules(),
                "shadow-service", List.of(HttpCheckBenchmark.h2(database)), Optional.empty())) {
            String base = "http://" + HttpCheckBenchmark.HOST + ":" + service.nodes().get(0).port();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<byte[]> checks = HttpCheckBenchmark.createAccounts(service.nodes().get(0).port(), accounts);
            List<Long> proposals = new ArrayList<>();
            for (int i = 0; i <= rounds; i++) {
                proposals.add(propose(client, base));
            }

            System.out.printf("[bench] warming up: %d s without a shadow, %d s with one ...%n", warmupSeconds, warmupSeconds);
            HttpCheckBenchmark.closedLoop("warm-up", service, checks, clients, warmupSeconds);
            shadow(client, base, proposals.get(0), "POST", 201);
            HttpCheckBenchmark.closedLoop("warm-up", service, checks, clients, warmupSeconds);
            shadow(client, base, proposals.get(0), "DELETE", 200);

            List<Round> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                long proposal = proposals.get(round);
                System.out.printf("[bench] round %d: %d clients for %d s without a shadow, then with one ...%n", round,
                        clients, seconds);
                Result without = HttpCheckBenchmark.settledClosedLoop("without", service, checks, clients, seconds);
                shadow(client, base, proposal, "POST", 201);
                Duration cpuBefore = service.threadCpu(SHADOW_THREAD);
                Result with = HttpCheckBenchmark.settledClosedLoop("with", service, checks, clients, seconds);
                Duration shadowCpu = service.threadCpu(SHADOW_THREAD).minus(cpuBefore);
                shadow(client, base, proposal, "DELETE", 200);
                measured.add(new Round(round, proposal, without, with, shadowCpu));
            }
            // a stopped shadow keeps its counts: read them once the last one is written
            LockSupport.parkNanos(COUNTS_WRITTEN_WITHIN.toNanos());
            List<JsonNode> counts = new ArrayList<>();
            for (Round round : measured) {
                counts.add(shadow(client, base, round.proposal(), "GET", 200));
            }
            print(measured, counts, clients, seconds);
        }
    }

    /**
     * Proposes the tightened removal rule (removals keep the initial margin covered) as the demo risk
     * officer, with the policy example that pins the old rule updated: E4, a removal of 900 from
     * 1,000 of margin, now denied.
     */
    private static long propose(HttpClient client, String base) throws Exception {
        String drl = Files.readString(HttpCheckBenchmark.rules().resolve("isolated-margin.drl"))
                .replace("marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter < initialMargin )");
        String examples = Files.readString(HttpCheckBenchmark.rules().resolve("examples/isolated-margin.csv"))
                .replace("1000,20000,900,,ALLOW,,", "1000,20000,900,,DENY,MAINTENANCE_MARGIN_BREACH,");
        String body = JSON.writeValueAsString(Map.of("files", Map.of("isolated-margin.drl", drl,
                "examples/isolated-margin.csv", examples), "reason", "Shadow benchmark"));
        JsonNode proposal = officer(client, "POST", base + "/v1/rules/proposals", body, 201);
        if (!proposal.path("status").asText().equals("OPEN")) {
            throw new IllegalStateException("the benchmark's proposal is not open: " + proposal);
        }
        return proposal.path("proposalId").asLong();
    }

    private static JsonNode shadow(HttpClient client, String base, long proposal, String method, int expected)
            throws Exception {
        return officer(client, method, base + "/v1/rules/proposals/" + proposal + "/shadow", "", expected);
    }

    private static JsonNode officer(HttpClient client, String method, String uri, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json")
                .header("Authorization", OFFICER)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + " (expected "
                    + expected + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void print(List<Round> rounds, List<JsonNode> counts, int clients, int seconds) {
        String line = "-".repeat(120);
        System.out.println();
        System.out.printf("Shadow: POST /v1/checks/open-position, the packaged service on H2, %d closed-loop clients, %d s per run%n",
                clients, seconds);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-5s %-8s %10s %8s %8s %7s %13s %9s %8s %10s %12s%n", "round", "shadow", "checks/s",
                "p50 ms", "p99 ms", "errors", "CPU µs/check", "shadowed", "skipped", "disagreed", "worker µs/ch");
        System.out.println(line);
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            JsonNode shadow = counts.get(i);
            row(r.round(), "without", r.without(), "", "", "", "");
            row(r.round(), "with", r.with(), Long.toString(shadow.path("shadowed").asLong()),
                    Long.toString(shadow.path("skipped").asLong()), Long.toString(shadow.path("disagreed").asLong()),
                    String.format(Locale.ROOT, "%.0f", r.shadowCpu().toNanos() / 1e3 / Math.max(1, r.with().checks())));
        }
        System.out.println(line);
        for (Round r : rounds) {
            System.out.printf(Locale.ROOT, "round %d, with / without a shadow: checks/s %.2f, p50 %.2f, p99 %.2f,"
                            + " service CPU per check %.2f%n", r.round(), r.with().perSecond() / r.without().perSecond(),
                    r.with().millis(50) / r.without().millis(50), r.with().millis(99) / r.without().millis(99),
                    r.with().serviceMicrosPerCheck() / r.without().serviceMicrosPerCheck());
        }
        for (Round r : rounds) {
            for (Result result : List.of(r.without(), r.with())) {
                System.out.printf("round %d %-8s load while measuring: %s%n", r.round(), result.run(), result.describeLoad());
                if (result.usage().disturbed()) {
                    System.out.printf(Locale.ROOT, "round %d %-8s WARNING: other processes used %.2f cores while this was"
                            + " measured; the figures may be disturbed%n", r.round(), result.run(), result.usage().otherCores());
                }
            }
        }
        System.out.println("NOTE: 'shadowed' counts the checks the shadow decided again (the settle run's too), 'skipped'"
                + " those its full queue let pass; the load generator shares the machine's cores with the service.");
    }

    private static void row(int round, String shadow, Result r, String shadowed, String skipped, String disagreed,
                            String workerMicros) {
        System.out.printf(Locale.ROOT, "%-5d %-8s %10.0f %8.3f %8.3f %7d %13.0f %9s %8s %10s %12s%n", round, shadow,
                r.perSecond(), r.millis(50), r.millis(99), r.errors(), r.serviceMicrosPerCheck(), shadowed, skipped,
                disagreed, workerMicros);
    }
}
