package com.riskpolicy.bench;

import com.riskpolicy.TestDatabase;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * HTTP check benchmark: starts the PACKAGED service as a child process on its own loopback port, with
 * its baseline endpoint switched on, on H2 ({@code target/quarkus-app/quarkus-run.jar}, a throwaway
 * file database as the service keeps its ledger and decision log by default, {@code target/bench/db},
 * emptied first) and, when its jar is built, on PostgreSQL ({@code target/pg-app/quarkus-run.jar},
 * a schema of its own on the test server, dropped at the end); creates accounts through the API;
 * warms up; then, at every count of clients, drives {@code POST /v1/checks/open-position} and its
 * baseline {@code POST /v1/checks/baseline} (the same sign-in, access rule, JSON and body, answered
 * back without a decision or a log) from N concurrent keep-alive HTTP/1.1 connections (one thread
 * each, closed loop: the next request leaves when the answer arrives), in alternating runs
 * (checks, baseline, baseline, checks, ...) so that the machine's drift falls on both; last, checks
 * at a fixed request rate (open loop: latency counts from the moment a request was due, so a stalled
 * service is not hidden by clients that wait). Prints per count of clients checks/s and the
 * baseline's requests/s, p50/p99/p99.9, errors (every non-200 answer or I/O failure), the service's
 * CPU per request (in all, and per run by its threads' groups: {@link #threadGroup}), the ratio of
 * checks to baseline (target at least 50 %), and issue 15's target
 * at 16 clients (at least 15,000 checks/s with p99 at most 5 ms). The load generator shares the
 * machine's cores with the service.
 *
 * <p>Every loop is bounded in time and sends only to 127.0.0.1. The child process is stopped at the
 * end, also on failure or Ctrl-C. Not a unit test: run it with
 * {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=http} (see BENCHMARKS.md). System
 * properties: {@code bench} (inprocess | http | all), {@code bench.seconds} (measured seconds per
 * run, default 15), {@code bench.http.warmup.seconds} (default twice {@code bench.warmup.seconds},
 * which defaults to 10), {@code bench.http.clients} (default 4,8,16,32), {@code bench.http.rounds}
 * (runs of checks and of the baseline per count of clients, default 2), {@code bench.http.databases}
 * (h2, postgresql or both; default h2, and postgresql when {@code bench.pg.jar} exists),
 * {@code bench.http.rate} (checks/s of the open-loop run, 0 skips it; default 5000),
 * {@code bench.http.rate.connections} (default 16), {@code bench.http.accounts} (default 200),
 * {@code bench.http.jar}, {@code bench.pg.jar}, {@code bench.service.jvm.args} (JVM options of the
 * service, default none).
 */
public final class HttpCheckBenchmark {

    static final double TARGET_CHECKS_PER_SECOND = 5_000;
    static final double TARGET_P99_MILLIS = 10;

    static final String HOST = ServiceNodes.HOST;
    private static final List<String> LOAD_GROUPS = List.of("load generator", "service", "database");
    private static final String CHECK_PATH = "/v1/checks/open-position";
    /**
     * The baseline (issue 15): the same HTTP stack, sign-in, access rule and JSON as a check, with the
     * same body, answered back; no decision, no log ({@code com.riskpolicy.api.BaselineResource}).
     */
    private static final String BASELINE_PATH = "/v1/checks/baseline";
    /** Switches the baseline on in the service measured; it is off by default. */
    private static final String BASELINE_SWITCH = "POLICY_BENCHMARK_BASELINE_ENDPOINT";
    /** Checks reach at least this share of the baseline's requests/s (issue 15). */
    static final double TARGET_SHARE_OF_BASELINE = 0.5;
    /** Issue 15's absolute target, at {@link #TARGET_CLIENTS} clients, with the decision log on. */
    static final double TARGET_ISSUE_CHECKS_PER_SECOND = 15_000;
    static final double TARGET_ISSUE_P99_MILLIS = 5;
    static final int TARGET_CLIENTS = 16;
    private static final String H2 = "h2";
    private static final String POSTGRESQL = "postgresql";
    /** The demo platform user (docs/api.md, Access): the benchmark service runs with the demo users on. */
    static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("platform:platform".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] ALLOW = "\"decision\":\"ALLOW\"".getBytes(StandardCharsets.US_ASCII);
    private static final long SETTLE_SECONDS = 2;
    /** The decision log's writer thread, "decision-log-writer", as /proc shows its name. */
    private static final String WRITER_THREAD = "decision-log-wr";
    private static final String LOG_WRITER = "log writer";

    /** A group of the service's threads whose CPU a run reports, and the names /proc shows for them (15 characters). */
    private record ThreadGroup(String label, Predicate<String> names) {
    }

    /**
     * In the order printed: Quarkus' worker threads, which decide, and its event loops, which sign in
     * and read and write HTTP; the decision log's writer; the reader of the account stamps a check
     * confirms on a shared database; the JIT's compilers; the collector's threads. The rest are
     * {@link #OTHER_THREADS}.
     */
    private static final List<ThreadGroup> THREAD_GROUPS = List.of(
            new ThreadGroup("workers", name -> name.startsWith("executor-thread")),
            new ThreadGroup("event loops", name -> name.startsWith("vert.x-eventloo")),
            new ThreadGroup(LOG_WRITER, name -> name.startsWith(WRITER_THREAD)),
            new ThreadGroup("account stamps", name -> name.startsWith("account-stamps")),
            new ThreadGroup("JIT", name -> name.contains("CompilerThre")),
            new ThreadGroup("GC", name -> name.startsWith("GC ") || name.startsWith("G1 ")));
    private static final String OTHER_THREADS = "other";
    /** The H2 settings of the service's default database (application.properties, Ledger). */
    static final String SERVICE_H2_SETTINGS = "WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    private HttpCheckBenchmark() {
    }

    /**
     * What one run measured. The ledger harnesses send actions rather than checks: for them
     * {@code checks} counts actions.
     *
     * @param unsent    open loop only: checks that fell due within the run but were never sent because
     *                  the service was too far behind; they are not in the latency figures
     * @param usage     the cores used by the load generator, the service (all its nodes) and, when its
     *                  server runs on this machine, the database, in that order
     * @param threadCpu CPU time of the service's threads during the run, by {@link #threadGroup}
     */
    record Result(String run, int connections, long checks, long errors, long allowed, long unsent, double seconds,
                  Histogram latency, MachineLoad.Usage usage, Map<String, Duration> threadCpu) {

        double perSecond() {
            return checks / seconds;
        }

        /** CPU of the whole service per check, in µs: the machine's noise moves it less than checks/s. */
        double serviceMicrosPerCheck() {
            return microsPerCheck(1);
        }

        /** CPU of the database server per check, in µs; 0 when it was not measured (H2 is in the service). */
        double databaseMicrosPerCheck() {
            return databaseMeasured() ? microsPerCheck(2) : 0;
        }

        boolean databaseMeasured() {
            return usage.processCores().size() > 2;
        }

        private double microsPerCheck(int group) {
            return checks == 0 ? 0 : usage.processCores().get(group) * seconds * 1e6 / checks;
        }

        String describeLoad() {
            return usage.describe(LOAD_GROUPS.subList(0, usage.processCores().size()));
        }

        double writerMicrosPerCheck() {
            return threadMicrosPerCheck(LOG_WRITER);
        }

        /** CPU of the service's threads of {@code group} per check, in µs. */
        double threadMicrosPerCheck(String group) {
            return checks == 0 ? 0 : threadCpu.getOrDefault(group, Duration.ZERO).toNanos() / 1e3 / checks;
        }

        /** The service's CPU per check by its threads' groups, in µs: where a request's CPU went. */
        String describeThreads() {
            return Stream.concat(THREAD_GROUPS.stream().map(ThreadGroup::label), Stream.of(OTHER_THREADS))
                    .map(group -> String.format(Locale.ROOT, "%s %.0f", group, threadMicrosPerCheck(group)))
                    .collect(Collectors.joining(", "));
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        boolean met() {
            return errors == 0 && unsent == 0 && perSecond() >= TARGET_CHECKS_PER_SECOND && millis(99) <= TARGET_P99_MILLIS;
        }

        /**
         * Several runs of the same requests taken as one: counts and latencies added, each process
         * group's cores averaged over the runs' time.
         */
        static Result combined(List<Result> runs) {
            Result first = runs.get(0);
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long checks = 0;
            long errors = 0;
            long allowed = 0;
            long unsent = 0;
            double seconds = 0;
            double machine = 0;
            double others = 0;
            double[] groups = new double[first.usage().processCores().size()];
            Map<String, Duration> threads = new HashMap<>();
            for (Result r : runs) {
                latency.add(r.latency());
                checks += r.checks();
                errors += r.errors();
                allowed += r.allowed();
                unsent += r.unsent();
                seconds += r.seconds();
                machine += r.usage().machineCores() * r.seconds();
                others += Math.max(0, r.usage().otherCores()) * r.seconds();
                for (int g = 0; g < groups.length; g++) {
                    groups[g] += r.usage().processCores().get(g) * r.seconds();
                }
                r.threadCpu().forEach((group, time) -> threads.merge(group, time, Duration::plus));
            }
            List<Double> cores = new ArrayList<>();
            for (double group : groups) {
                cores.add(group / seconds);
            }
            MachineLoad.Usage usage = new MachineLoad.Usage(seconds, machine / seconds, cores,
                    first.usage().otherCores() < 0 ? -1 : others / seconds, runs.get(runs.size() - 1).usage().loadAverage());
            return new Result(first.run(), first.connections(), checks, errors, allowed, unsent, seconds, latency, usage, threads);
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("http", "HTTP check benchmark")) {
            return;
        }
        Plan plan = new Plan(Integer.getInteger("bench.seconds", 15),
                // Hibernate, Vert.x, JSON and the rules all need the JIT: by default twice the in-process warm-up
                Integer.getInteger("bench.http.warmup.seconds", 2 * Integer.getInteger("bench.warmup.seconds", 10)),
                clientCounts("bench.http.clients", "4,8,16,32"),
                Math.max(1, Integer.getInteger("bench.http.rounds", 2)),
                Integer.getInteger("bench.http.rate", 5_000),
                Integer.getInteger("bench.http.rate.connections", 16),
                Integer.getInteger("bench.http.accounts", 200));
        Path pgJar = Path.of(System.getProperty("bench.pg.jar", "target/pg-app/quarkus-run.jar")).toAbsolutePath();
        List<Measured> measured = new ArrayList<>();
        for (String database : databases(pgJar)) {
            measured.add(database.equals(POSTGRESQL) ? onPostgres(pgJar, plan) : onH2(plan));
        }
        for (Measured m : measured) {
            print(m, plan);
        }
    }

    /** What every database is measured with. */
    private record Plan(int seconds, int warmupSeconds, int[] clients, int rounds, int rate, int rateConnections,
                        int accounts) {
    }

    /** The checks and the baseline at one count of clients, each over all rounds. */
    private record Pair(int clients, Result checks, Result baseline) {

        double ratio() {
            return baseline.perSecond() == 0 ? 0 : checks.perSecond() / baseline.perSecond();
        }
    }

    /** What one database's service answered: a pair per count of clients and the open-loop run, if any. */
    private record Measured(String database, List<Pair> pairs, Optional<Result> openLoop) {
    }

    /**
     * The databases measured: {@code bench.http.databases} ({@code h2}, {@code postgresql} or both,
     * comma-separated); by default H2, and PostgreSQL too when its jar ({@code bench.pg.jar}) is built.
     */
    private static List<String> databases(Path pgJar) {
        String named = System.getProperty("bench.http.databases", "").trim();
        if (!named.isEmpty()) {
            List<String> databases = Arrays.stream(named.split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList();
            for (String database : databases) {
                if (!database.equals(H2) && !database.equals(POSTGRESQL)) {
                    throw new IllegalArgumentException("bench.http.databases: " + database + " is neither h2 nor postgresql");
                }
            }
            return databases;
        }
        if (Files.isRegularFile(pgJar)) {
            return List.of(H2, POSTGRESQL);
        }
        System.out.println("[bench] PostgreSQL left out: " + pgJar + " does not exist (build it as BENCHMARKS.md, Several"
                + " nodes and PostgreSQL, says)");
        return List.of(H2);
    }

    private static Measured onH2(Plan plan) throws Exception {
        Map<String, String> environment = new HashMap<>(h2(database(SERVICE_H2_SETTINGS)));
        environment.put(BASELINE_SWITCH, "true");
        try (ServiceNodes service = ServiceNodes.start(jar("bench.http.jar"), rules(), "http-service",
                List.of(environment), Optional.empty())) {
            return measure("H2", service, plan);
        }
    }

    /** The PostgreSQL jar in a schema of its own on the test server ({@link TestDatabase}), dropped at the end. */
    private static Measured onPostgres(Path jar, Plan plan) throws Exception {
        String schema = TestDatabase.schema("http");
        try (java.sql.Connection connection = TestDatabase.server(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        try (ServiceNodes service = ServiceNodes.start(jar, rules(), "http-service-pg", List.of(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(schema),
                "QUARKUS_DATASOURCE_USERNAME", TestDatabase.user(),
                "QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password(),
                "QUARKUS_FLYWAY_SCHEMAS", schema,
                BASELINE_SWITCH, "true")), ClusterBenchmark.databaseServer())) {
            return measure("PostgreSQL", service, plan);
        } finally {
            TestDatabase.drop(schema);
            System.out.println("[bench] dropped the schema " + schema);
        }
    }

    /**
     * Warms up on checks and baseline requests interleaved, then at every count of clients measures
     * both, {@code rounds} times, alternating which goes first (checks, baseline, baseline, checks, ...)
     * so that the machine's drift falls on both alike; then the open-loop checks.
     */
    private static Measured measure(String database, ServiceNodes service, Plan plan) throws Exception {
        int port = service.nodes().get(0).port();
        List<byte[]> checks = createAccounts(port, plan.accounts());
        describeMix(port, checks);
        List<byte[]> baseline = baselineOf(checks);
        describeBaseline(port, baseline);
        List<byte[]> both = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            both.add(checks.get(i));
            both.add(baseline.get(i));
        }
        System.out.printf("[bench] %s: warming up: %d clients for %d s, checks and baseline interleaved ...%n", database,
                max(plan.clients()), plan.warmupSeconds());
        closedLoop("warm-up", service, both, max(plan.clients()), plan.warmupSeconds());
        List<Pair> pairs = new ArrayList<>();
        for (int clients : plan.clients()) {
            List<Result> checkRuns = new ArrayList<>();
            List<Result> baselineRuns = new ArrayList<>();
            for (int round = 0; round < plan.rounds(); round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean checksNow = (round + turn) % 2 == 0;
                    System.out.printf("[bench] %s: measuring %s: %d clients, closed loop, %d s (round %d of %d) ...%n",
                            database, checksNow ? "checks" : "baseline", clients, plan.seconds(), round + 1, plan.rounds());
                    if (checksNow) {
                        checkRuns.add(settledClosedLoop("checks", service, checks, clients, plan.seconds()));
                    } else {
                        baselineRuns.add(settledClosedLoop("baseline", service, baseline, clients, plan.seconds()));
                    }
                }
            }
            pairs.add(new Pair(clients, Result.combined(checkRuns), Result.combined(baselineRuns)));
        }
        Optional<Result> open = Optional.empty();
        if (plan.rate() > 0) {
            openLoop(service, checks, plan.rateConnections(), plan.rate(), SETTLE_SECONDS);
            System.out.printf("[bench] %s: measuring: %d checks/s over %d connections, open loop, %d s ...%n", database,
                    plan.rate(), plan.rateConnections(), plan.seconds());
            open = Optional.of(openLoop(service, checks, plan.rateConnections(), plan.rate(), plan.seconds()));
        }
        return new Measured(database, pairs, open);
    }

    // ---------------------------------------------------------------------------------------------
    // The service measured
    // ---------------------------------------------------------------------------------------------

    /** The packaged service the system property {@code property} names, {@code target/quarkus-app/quarkus-run.jar} by default. */
    static Path jar(String property) {
        return Path.of(System.getProperty(property, "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** The rules the service serves: {@code bench.rules}, the shipped {@code rules/} by default. */
    static Path rules() {
        return Path.of(System.getProperty("bench.rules", "rules")).toAbsolutePath().normalize();
    }

    /** The environment of a node on the H2 database at {@code url}. */
    static Map<String, String> h2(String url) {
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", url);
    }

    /**
     * A new database for every run, with {@code settings} after its name. In a file, as the
     * service's default: an in-memory database would keep every decision-log row on the heap, and
     * its garbage collection would be measured instead of the service. {@code -Dbench.http.db=mem}
     * measures that anyway.
     */
    static String database(String settings) throws IOException {
        if (System.getProperty("bench.http.db", "file").equals("mem")) {
            return "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        }
        Path folder = Path.of("target", "bench", "db").toAbsolutePath();
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(folder);
        return "jdbc:h2:file:" + folder.resolve("ledger") + ";" + settings;
    }

    // ---------------------------------------------------------------------------------------------
    // Accounts, created through the API
    // ---------------------------------------------------------------------------------------------

    /**
     * Creates accounts of several shapes and returns, per account, the bytes of one check request:
     * an empty wallet of a few USDT (DENY for lack of margin), cross and isolated BTCUSDT, a long at
     * the check's leverage (ALLOW, adds to it), a long at another leverage and a short (DENY), ETHUSDT
     * positions and resting orders alongside.
     */
    static List<byte[]> createAccounts(int port, int count) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://" + HOST + ":" + port;
        call(client, "PUT", base + "/v1/mark-prices/BTCUSDT", "{\"price\":\"60000\"}", 200);
        call(client, "PUT", base + "/v1/mark-prices/ETHUSDT", "{\"price\":\"3000\"}", 200);
        List<byte[]> requests = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = String.format("bench-%04d", i);
            boolean poor = i % 10 == 9;
            String usdt = poor ? "40" : Integer.toString(2_000 + (i * 7_919) % 98_000);
            String balances = i % 2 == 0 ? "{\"USDT\":\"" + usdt + "\",\"BTC\":\"0.25\"}" : "{\"USDT\":\"" + usdt + "\"}";
            call(client, "POST", base + "/v1/accounts", "{\"accountId\":\"" + id + "\",\"balances\":" + balances + "}", 201);
            String account = base + "/v1/accounts/" + id;
            if (i % 4 == 1) {
                call(client, "PUT", account + "/margin-modes/BTCUSDT", "{\"mode\":\"ISOLATED\"}", 200);
            }
            if (!poor && i % 3 == 0) {
                String side = i % 7 == 0 ? "SHORT" : "LONG";
                String leverage = i % 5 == 0 ? "20" : "10";
                call(client, "POST", account + "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"" + side
                        + "\",\"quantity\":\"0.05\",\"price\":\"60000\",\"leverage\":\"" + leverage + "\"}", 201);
            }
            if (!poor && i % 5 == 2) {
                call(client, "POST", account + "/positions",
                        "{\"symbol\":\"ETHUSDT\",\"side\":\"LONG\",\"quantity\":\"1\",\"price\":\"3000\",\"leverage\":\"10\"}", 201);
            }
            if (!poor && i % 6 == 4) {
                call(client, "POST", account + "/orders",
                        "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"0.01\",\"price\":\"58000\",\"leverage\":\"10\"}", 201);
            }
            requests.add(post(CHECK_PATH, "{\"accountId\":\"" + id + "\",\"symbol\":\"BTCUSDT\",\"side\":\"LONG\","
                    + "\"quantity\":\"0.01\",\"price\":\"60000\",\"leverage\":\"10\"}"));
        }
        System.out.printf(Locale.ROOT, "[bench] created %d accounts through the API in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
        return requests;
    }

    /**
     * The bytes of a POST of {@code body} to {@code path}, as the platform user. The Host header names
     * no port: the same request goes to every node.
     */
    static byte[] post(String path, String body) {
        return ("POST " + path + " HTTP/1.1\r\n"
                + "Host: " + HOST + "\r\n"
                + "Authorization: " + AUTHORIZATION + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static void call(HttpClient client, String method, String uri, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json")
                .header("Authorization", AUTHORIZATION)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + uri + " " + body + " answered " + response.statusCode()
                    + " (expected " + expected + "): " + response.body());
        }
    }

    /** Sends each account's check once and prints the share of ALLOW, and one answer as a sample. */
    private static void describeMix(int port, List<byte[]> requests) throws IOException {
        long allowed = 0;
        try (Connection connection = new Connection(port)) {
            for (byte[] request : requests) {
                int status = connection.exchange(request);
                if (status != 200) {
                    throw new IllegalStateException("check answered " + status + ": " + connection.body());
                }
                allowed += connection.bodyContains(ALLOW) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "[bench] open-position checks over %d accounts: ALLOW %.1f%%, DENY %.1f%%%n",
                    requests.size(), 100.0 * allowed / requests.size(), 100.0 * (requests.size() - allowed) / requests.size());
            connection.exchange(requests.get(0));
            String sample = connection.body();
            System.out.println("[bench] sample answer (" + sample.length() + " bytes): "
                    + (sample.length() > 300 ? sample.substring(0, 300) + " ..." : sample));
        }
    }

    /** Each check request sent to the baseline instead: the same headers and body, another path. */
    private static List<byte[]> baselineOf(List<byte[]> checks) {
        byte[] from = ("POST " + CHECK_PATH + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] to = ("POST " + BASELINE_PATH + " ").getBytes(StandardCharsets.US_ASCII);
        List<byte[]> baseline = new ArrayList<>(checks.size());
        for (byte[] check : checks) {
            if (!Arrays.equals(check, 0, from.length, from, 0, from.length)) {
                throw new IllegalStateException("not a check request: " + new String(check, StandardCharsets.UTF_8));
            }
            byte[] request = new byte[check.length - from.length + to.length];
            System.arraycopy(to, 0, request, 0, to.length);
            System.arraycopy(check, from.length, request, to.length, check.length - from.length);
            baseline.add(request);
        }
        return baseline;
    }

    /** Sends one baseline request and prints its answer; fails if the service does not serve the baseline. */
    private static void describeBaseline(int port, List<byte[]> baseline) throws IOException {
        try (Connection connection = new Connection(port)) {
            int status = connection.exchange(baseline.get(0));
            if (status != 200) {
                throw new IllegalStateException("the baseline " + BASELINE_PATH + " answered " + status + ": "
                        + connection.body() + " (is it switched on? " + BASELINE_SWITCH + "=true)");
            }
            System.out.println("[bench] sample baseline answer (" + connection.body().length() + " bytes): " + connection.body());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Load
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code clients} connections, each sending its next request as soon as the last one is answered;
     * with several nodes, client {@code i} talks to node {@code i} modulo their number.
     */
    static Result closedLoop(String run, ServiceNodes service, List<byte[]> requests, int clients, long seconds)
            throws InterruptedException {
        return drive(run, service, requests, clients, seconds, 0);
    }

    /** A closed-loop run of {@code seconds} after one of a moment that lets the service settle on these requests. */
    static Result settledClosedLoop(String run, ServiceNodes service, List<byte[]> requests, int clients, long seconds)
            throws InterruptedException {
        closedLoop("settle", service, requests, clients, SETTLE_SECONDS);
        return closedLoop(run, service, requests, clients, seconds);
    }

    /**
     * {@code connections} connections sharing {@code rate} checks/s on a fixed schedule; a check's
     * latency counts from when it was due, not from when its connection got round to sending it.
     */
    private static Result openLoop(ServiceNodes service, List<byte[]> requests, int connections, int rate, long seconds)
            throws InterruptedException {
        return drive("open loop " + rate + "/s", service, requests, connections, seconds, rate);
    }

    private static Result drive(String run, ServiceNodes service, List<byte[]> requests, int connections, long seconds,
                                int rate) throws InterruptedException {
        Histogram[] latencies = new Histogram[connections];
        AtomicLong checks = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong allowed = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int client = c;
            int port = service.nodes().get(c % service.nodes().size()).port();
            latencies[c] = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Thread thread = new Thread(() -> {
                Histogram latency = latencies[client];
                long count = 0;
                long failed = 0;
                long allows = 0;
                int next = (client * requests.size()) / connections;
                Connection connection = null;
                try {
                    connection = new Connection(port);
                } catch (IOException e) {
                    failed++;
                }
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = window[0];
                long end = window[1];
                long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(connections) / rate : 0;
                long due = start + (rate > 0 ? interval * client / connections : 0);
                while (true) {
                    long sent;
                    if (rate > 0) {
                        if (due >= end) {
                            break;
                        }
                        if (System.nanoTime() >= end) {
                            unsent.addAndGet((end - due + interval - 1) / interval);
                            break;
                        }
                        waitUntil(due);
                        sent = due;
                        due += interval;
                    } else {
                        sent = System.nanoTime();
                        if (sent >= end) {
                            break;
                        }
                    }
                    byte[] request = requests.get(next);
                    next = next + 1 == requests.size() ? 0 : next + 1;
                    try {
                        if (connection == null) {
                            connection = new Connection(port);
                        }
                        int status = connection.exchange(request);
                        long done = System.nanoTime();
                        latency.recordValue(Math.max(0, done - sent));
                        count++;
                        if (status != 200) {
                            failed++;
                        } else if (connection.bodyContains(ALLOW)) {
                            allows++;
                        }
                        if (connection.mustClose()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        failed++;
                        count++;
                        latency.recordValue(Math.max(0, System.nanoTime() - sent));
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                }
                if (connection != null) {
                    connection.close();
                }
                checks.addAndGet(count);
                errors.addAndGet(failed);
                allowed.addAndGet(allows);
            }, "bench-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        List<List<ProcessHandle>> measured = new ArrayList<>();
        measured.add(List.of(ProcessHandle.current()));
        measured.addAll(service.processGroups());
        MachineLoad.Sample before = MachineLoad.sample(measured);
        List<Map<Long, MachineLoad.ThreadCpu>> threadsBefore = service.threads();
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(seconds + 60));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not finish: the service stopped answering");
            }
        }
        long elapsed = System.nanoTime() - window[0];
        MachineLoad.Sample after = MachineLoad.sample(measured);
        Map<String, Duration> threadCpu = service.threadCpuSince(threadsBefore, HttpCheckBenchmark::threadGroup);
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (Histogram h : latencies) {
            latency.add(h);
        }
        return new Result(run, connections, checks.get(), errors.get(), allowed.get(), unsent.get(), elapsed / 1e9, latency,
                MachineLoad.between(before, after), threadCpu);
    }

    /** The group of a service thread by its name as /proc shows it ({@link #THREAD_GROUPS}). */
    static String threadGroup(String name) {
        for (ThreadGroup group : THREAD_GROUPS) {
            if (group.names().test(name)) {
                return group.label();
            }
        }
        return OTHER_THREADS;
    }

    private static void waitUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (wait > 100_000) {
                LockSupport.parkNanos(wait - 50_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void print(Measured m, Plan plan) {
        String line = "-".repeat(150);
        System.out.println();
        System.out.printf(Locale.ROOT, "HTTP on %s: POST %s beside its baseline POST %s (same sign-in, JSON and body, no"
                + " decision, no log), closed loop, %d round(s) of %d s each, alternating%n", m.database(), CHECK_PATH,
                BASELINE_PATH, plan.rounds(), plan.seconds());
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%7s | %10s %7s %7s %8s %6s %7s | %10s %7s %7s %8s %6s %7s | %8s %-8s%n", "clients",
                "checks/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "svc µs", "baseline/s", "p50 ms", "p99 ms", "p99.9 ms",
                "errors", "svc µs", "ratio", "≥ 50 %");
        System.out.println(line);
        for (Pair p : m.pairs()) {
            Result c = p.checks();
            Result b = p.baseline();
            System.out.printf(Locale.ROOT, "%7d | %10.0f %7.2f %7.2f %8.2f %6d %7.0f | %10.0f %7.2f %7.2f %8.2f %6d %7.0f | %7.0f%% %-8s%n",
                    p.clients(), c.perSecond(), c.millis(50), c.millis(99), c.millis(99.9), c.errors(),
                    c.serviceMicrosPerCheck(), b.perSecond(), b.millis(50), b.millis(99), b.millis(99.9), b.errors(),
                    b.serviceMicrosPerCheck(), 100 * p.ratio(),
                    c.errors() + b.errors() == 0 && p.ratio() >= TARGET_SHARE_OF_BASELINE ? "MET" : "NOT MET");
        }
        System.out.println(line);
        System.out.printf(Locale.ROOT, "ratio: checks/s over baseline requests/s at the same clients; target >= %.0f %%;"
                + " svc µs: the service's CPU per request%n", 100 * TARGET_SHARE_OF_BASELINE);
        Optional<Pair> at = m.pairs().stream().filter(p -> p.clients() == TARGET_CLIENTS).findFirst();
        System.out.printf(Locale.ROOT, "issue 15 target on %s at %d clients (>= %,.0f checks/s, p99 <= %.0f ms, 0 errors): %s%n",
                m.database(), TARGET_CLIENTS, TARGET_ISSUE_CHECKS_PER_SECOND, TARGET_ISSUE_P99_MILLIS, at.map(p -> {
                    Result c = p.checks();
                    boolean met = c.errors() == 0 && c.perSecond() >= TARGET_ISSUE_CHECKS_PER_SECOND
                            && c.millis(99) <= TARGET_ISSUE_P99_MILLIS;
                    return String.format(Locale.ROOT, "%s (%,.0f checks/s, p99 %.2f ms)", met ? "MET" : "NOT MET",
                            c.perSecond(), c.millis(99));
                }).orElse("not measured (add " + TARGET_CLIENTS + " to bench.http.clients)"));
        m.openLoop().ifPresent(r -> System.out.printf(Locale.ROOT, "open loop, %d checks/s due over %d connections: %,.0f"
                        + " checks/s, %d errors, %d unsent, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms; >= %,.0f/s with"
                        + " p99 <= %.0f ms: %s%n", plan.rate(), r.connections(), r.perSecond(), r.errors(), r.unsent(),
                r.millis(50), r.millis(99), r.millis(99.9), r.latency().getMaxValue() / 1e6, TARGET_CHECKS_PER_SECOND,
                TARGET_P99_MILLIS, r.met() ? "MET" : "NOT MET"));
        List<Result> all = new ArrayList<>();
        for (Pair p : m.pairs()) {
            all.add(p.checks());
            all.add(p.baseline());
        }
        m.openLoop().ifPresent(all::add);
        for (Result r : all) {
            System.out.printf(Locale.ROOT, "%-10s %-18s %3d clients, load while measuring: %s; allowed %.1f %%%n",
                    m.database(), r.run(), r.connections(), r.describeLoad(), r.checks() == 0 ? 0.0 : 100.0 * r.allowed() / r.checks());
            System.out.printf(Locale.ROOT, "%-10s %-18s %3d clients, the service's CPU per request by threads, µs: %s%s%n",
                    m.database(), r.run(), r.connections(), r.describeThreads(), r.databaseMeasured()
                            ? String.format(Locale.ROOT, "; the database server %.0f", r.databaseMicrosPerCheck()) : "");
            if (r.usage().disturbed()) {
                System.out.printf(Locale.ROOT, "%-10s %-18s WARNING: other processes used %.2f cores while this was measured;"
                        + " the figures may be disturbed, re-run on a quieter machine%n", m.database(), r.run(),
                        r.usage().otherCores());
            }
        }
        System.out.println("NOTE: the load generator runs on the same " + MachineLoad.CORES + " cores as the service, so"
                + " the service gets only part of the machine; 'closed loop' clients send the next request when the last"
                + " is answered" + (plan.rate() > 0 ? "; the open-loop run sends on a fixed schedule and counts latency from"
                + " when a check was due and stops at the end of its window; checks still due then are 'unsent'" : "") + ".");
    }

    /** The comma-separated numbers of clients in the system property {@code property}. */
    static int[] clientCounts(String property, String otherwise) {
        return Arrays.stream(System.getProperty(property, otherwise).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    static int max(int[] values) {
        return Arrays.stream(values).max().orElse(1);
    }

    /**
     * One keep-alive HTTP/1.1 connection that writes a prepared request and reads the whole answer
     * (Content-Length or chunked). Deliberately minimal so the load generator costs little CPU.
     */
    static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private byte[] body = new byte[8_192];
        private int bodyLength;
        private boolean mustClose;
        private final StringBuilder header = new StringBuilder(256);

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
        }

        /** Sends the request and reads the answer; returns its status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            mustClose = statusLine.startsWith("HTTP/1.0");
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection")) {
                    mustClose = value.equalsIgnoreCase("close");
                }
            }
            bodyLength = 0;
            if (chunked) {
                for (int size = Integer.parseInt(chunkSize(readLine()), 16); size > 0; size = Integer.parseInt(chunkSize(readLine()), 16)) {
                    readBody(size);
                    readLine();
                }
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // trailers are not used
                }
            } else if (contentLength >= 0) {
                readBody((int) contentLength);
            } else {
                throw new IOException("answer without Content-Length or chunked encoding (status " + status + ")");
            }
            return status;
        }

        boolean mustClose() {
            return mustClose;
        }

        String body() {
            return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
        }

        boolean bodyContains(byte[] needle) {
            outer:
            for (int i = 0; i <= bodyLength - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        private static String chunkSize(String line) {
            int extension = line.indexOf(';');
            return (extension < 0 ? line : line.substring(0, extension)).trim();
        }

        private void readBody(int length) throws IOException {
            if (bodyLength + length > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + length));
            }
            int read = 0;
            while (read < length) {
                int n = in.read(body, bodyLength + read, length - read);
                if (n < 0) {
                    throw new EOFException("connection closed inside an answer");
                }
                read += n;
            }
            bodyLength += length;
        }

        private String readLine() throws IOException {
            header.setLength(0);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b == '\n') {
                    int last = header.length() - 1;
                    if (last >= 0 && header.charAt(last) == '\r') {
                        header.setLength(last);
                    }
                    return header.toString();
                }
                header.append((char) b);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
