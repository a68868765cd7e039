package com.riskpolicy.bench;

import com.riskpolicy.TestDatabase;
import com.riskpolicy.bench.HttpCheckBenchmark.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Several nodes and PostgreSQL (README, PostgreSQL and Several nodes on one database): the packaged
 * service, back to back in one run, as
 * <ol>
 *   <li>H2, one node: the default jar on a fresh file database with its default settings (the baseline);
 *   <li>PostgreSQL, one node;
 *   <li>PostgreSQL, two nodes on one schema, the clients split evenly over them.
 * </ol>
 * For each, at every count of closed-loop clients: ledger actions (adding and removing 1 USDT of
 * isolated margin, {@link DurabilityBenchmark}'s: each takes the account's row lock and logs its
 * decision in its transaction) and open-position checks ({@link HttpCheckBenchmark}'s mix of
 * accounts: logged behind the answer in batches, on PostgreSQL into the partitioned table), their
 * rate, p50 and p99, and the CPU per request of the service's processes (all nodes together) and,
 * when its server runs on this machine, of the database (PostgreSQL does outside the service what H2
 * does inside it, so the two together are what a request costs). Two nodes on 2 cores share the
 * machine with each other, the database and the load generator: their rate says little about
 * capacity, their CPU per request says what a node more costs.
 *
 * <p>Quarkus fixes the kind of database at build time, so the two databases are two builds:
 * {@code bench.h2.jar} and {@code bench.pg.jar}. Each PostgreSQL configuration runs in a schema of its
 * own on the server at {@code POLICY_TEST_PG_URL} ({@link TestDatabase}), created before its first
 * node starts and dropped after its last one stops.
 *
 * <p>Not a unit test, and not part of {@code bench=all}: build the PostgreSQL jar first, then
 * {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=cluster} (BENCHMARKS.md, Several nodes and
 * PostgreSQL). System properties: {@code bench.seconds} (measured seconds per run, default 15),
 * {@code bench.cluster.warmup.seconds} (per kind of request, default 60), {@code bench.cluster.clients}
 * (default 8,16), {@code bench.cluster.accounts} (accounts of the checks, default 200),
 * {@code bench.cluster.ledger.accounts} (accounts of the actions, default 64), {@code bench.h2.jar}
 * (default {@code target/quarkus-app/quarkus-run.jar}), {@code bench.pg.jar} (default
 * {@code target/pg-app/quarkus-run.jar}), {@code bench.service.jvm.args} (JVM options of every node).
 */
public final class ClusterBenchmark {

    /** How the service runs: on which database, with how many nodes; {@code key} names its logs and schema. */
    private record Configuration(String name, String key, boolean postgres, int nodes) {
    }

    private static final Configuration BASELINE = new Configuration("H2, one node (baseline)", "h2-one-node", false, 1);
    private static final List<Configuration> CONFIGURATIONS = List.of(BASELINE,
            new Configuration("PostgreSQL, one node", "pg-one-node", true, 1),
            new Configuration("PostgreSQL, two nodes", "pg-two-nodes", true, 2));

    private record Measured(Configuration configuration, int clients, Result actions, Result checks) {
    }

    /** What every configuration runs with. */
    private record Plan(int seconds, int warmupSeconds, int[] clients, int checkAccounts, int ledgerAccounts) {
    }

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runsOnlyWhenNamed("cluster", "cluster benchmark",
                "a PostgreSQL server and the PostgreSQL jar besides the H2 one")) {
            return;
        }
        Plan plan = new Plan(Integer.getInteger("bench.seconds", 15),
                Integer.getInteger("bench.cluster.warmup.seconds", 60),
                HttpCheckBenchmark.clientCounts("bench.cluster.clients", "8,16"),
                Integer.getInteger("bench.cluster.accounts", 200),
                Integer.getInteger("bench.cluster.ledger.accounts", 64));
        Path h2Jar = HttpCheckBenchmark.jar("bench.h2.jar");
        Path pgJar = Path.of(System.getProperty("bench.pg.jar", "target/pg-app/quarkus-run.jar")).toAbsolutePath();
        for (Path jar : List.of(h2Jar, pgJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: build both jars first"
                        + " (BENCHMARKS.md, Several nodes and PostgreSQL)");
            }
        }
        Optional<ProcessHandle> server = databaseServer();
        System.out.println(server.map(s -> "[bench] the PostgreSQL server runs here (pid " + s.pid() + "): its CPU is reported")
                .orElse("[bench] the PostgreSQL server's processes are not visible here: its CPU is not reported"));
        List<Measured> measured = new ArrayList<>();
        for (Configuration configuration : CONFIGURATIONS) {
            System.out.println("[bench] " + configuration.name());
            measured.addAll(configuration.postgres()
                    ? onPostgres(configuration, pgJar, server, plan)
                    : measure(configuration, h2Jar, List.of(HttpCheckBenchmark.h2(
                            HttpCheckBenchmark.database(HttpCheckBenchmark.SERVICE_H2_SETTINGS))), Optional.empty(), plan));
        }
        print(measured, plan);
    }

    /** The configuration's nodes on a schema of their own, created first and dropped at the end. */
    private static List<Measured> onPostgres(Configuration configuration, Path jar, Optional<ProcessHandle> server,
                                             Plan plan) throws Exception {
        String schema = TestDatabase.schema(configuration.key());
        try (Connection connection = TestDatabase.server(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        try {
            List<Map<String, String>> nodes = new ArrayList<>();
            for (int node = 1; node <= configuration.nodes(); node++) {
                nodes.add(Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(schema),
                        "QUARKUS_DATASOURCE_USERNAME", TestDatabase.user(),
                        "QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password(),
                        "QUARKUS_FLYWAY_SCHEMAS", schema,
                        "POLICY_NODE_ID", "bench-" + node));
            }
            return measure(configuration, jar, nodes, server, plan);
        } finally {
            TestDatabase.drop(schema);
            System.out.println("[bench] dropped the schema " + schema);
        }
    }

    private static List<Measured> measure(Configuration configuration, Path jar, List<Map<String, String>> nodes,
                                          Optional<ProcessHandle> server, Plan plan) throws Exception {
        try (ServiceNodes service = ServiceNodes.start(jar, HttpCheckBenchmark.rules(), "cluster-" + configuration.key(),
                nodes, server)) {
            int port = service.nodes().get(0).port();
            List<byte[]> actions = DurabilityBenchmark.createAccounts(port, plan.ledgerAccounts()).actions();
            List<byte[]> checks = HttpCheckBenchmark.createAccounts(port, plan.checkAccounts());
            int warmupClients = HttpCheckBenchmark.max(plan.clients());
            System.out.printf("[bench] warming up: %d clients, %d s of ledger actions, %d s of checks ...%n", warmupClients,
                    plan.warmupSeconds(), plan.warmupSeconds());
            HttpCheckBenchmark.closedLoop("warm-up", service, actions, warmupClients, plan.warmupSeconds());
            HttpCheckBenchmark.closedLoop("warm-up", service, checks, warmupClients, plan.warmupSeconds());
            List<Measured> measured = new ArrayList<>();
            for (int clients : plan.clients()) {
                System.out.printf("[bench] measuring: %d clients, %d s of ledger actions, %d s of checks ...%n", clients,
                        plan.seconds(), plan.seconds());
                measured.add(new Measured(configuration, clients,
                        HttpCheckBenchmark.settledClosedLoop("ledger actions", service, actions, clients, plan.seconds()),
                        HttpCheckBenchmark.settledClosedLoop("checks", service, checks, clients, plan.seconds())));
            }
            return measured;
        }
    }

    /**
     * The PostgreSQL server's main process when it runs on this machine: the parent of the backend
     * that serves a connection to it. Its children (backends, writers, autovacuum) are measured with it.
     */
    static Optional<ProcessHandle> databaseServer() throws SQLException {
        try (Connection connection = TestDatabase.server(); Statement sql = connection.createStatement();
             ResultSet backend = sql.executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            return ProcessHandle.of(backend.getLong(1))
                    .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false))
                    .flatMap(ProcessHandle::parent);
        }
    }

    private static void print(List<Measured> measured, Plan plan) {
        String line = "-".repeat(140);
        System.out.println();
        System.out.printf("Several nodes and PostgreSQL: the packaged service, closed-loop clients, %d s warm-up per kind of"
                + " request, %d s per run; CPU in µs per request (service: all nodes; database: the PostgreSQL server)%n",
                plan.warmupSeconds(), plan.seconds());
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-24s %7s %10s %7s %7s %8s %8s %10s %7s %7s %8s %8s %-8s%n", "configuration",
                "clients", "actions/s", "p50 ms", "p99 ms", "svc µs", "db µs", "checks/s", "p50 ms", "p99 ms", "svc µs",
                "db µs", "target");
        System.out.println(line);
        for (Measured m : measured) {
            Result a = m.actions();
            Result c = m.checks();
            long errors = a.errors() + c.errors();
            System.out.printf(Locale.ROOT, "%-24s %7d %10.0f %7.2f %7.2f %8.0f %8s %10.0f %7.2f %7.2f %8.0f %8s %-8s%s%n",
                    m.configuration().name(), m.clients(), a.perSecond(), a.millis(50), a.millis(99),
                    a.serviceMicrosPerCheck(), databaseMicros(a), c.perSecond(), c.millis(50), c.millis(99),
                    c.serviceMicrosPerCheck(), databaseMicros(c), c.met() ? "MET" : "NOT MET",
                    errors > 0 ? "  ERRORS: " + errors : "");
        }
        System.out.println(line);
        System.out.println("Against the H2 baseline at the same number of clients (CPU: per request; service+db: both"
                + " together, as H2 works inside the service):");
        for (Measured m : measured) {
            Optional<Measured> baseline = measured.stream()
                    .filter(b -> b.configuration() == BASELINE && b.clients() == m.clients()).findFirst();
            if (m.configuration() == BASELINE || baseline.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-24s %3d clients: actions %s; checks %s%n", m.configuration().name(),
                    m.clients(), ratios(m.actions(), baseline.get().actions()), ratios(m.checks(), baseline.get().checks()));
        }
        System.out.printf(Locale.ROOT, "target of the checks: >= %,.0f checks/s with p99 <= %.0f ms and 0 errors%n",
                HttpCheckBenchmark.TARGET_CHECKS_PER_SECOND, HttpCheckBenchmark.TARGET_P99_MILLIS);
        for (Measured m : measured) {
            for (Result r : List.of(m.actions(), m.checks())) {
                System.out.printf(Locale.ROOT, "%-24s %3d clients %-15s load while measuring: %s; decision-log writers"
                                + " %.0f µs per request%n", m.configuration().name(), m.clients(), r.run(), r.describeLoad(),
                        r.writerMicrosPerCheck());
                if (r.usage().disturbed()) {
                    System.out.printf(Locale.ROOT, "%-24s WARNING: other processes used %.2f cores while this was measured;"
                            + " re-run on a quieter machine%n", m.configuration().name(), r.usage().otherCores());
                }
            }
        }
        System.out.println("NOTE: the load generator, every node and the database share the machine's " + MachineLoad.CORES
                + " cores; with two nodes on one machine compare the CPU per request, not the rates. The database's"
                + " CPU is the whole PostgreSQL server's, whoever else uses it.");
    }

    private static String databaseMicros(Result r) {
        return r.databaseMeasured() ? String.format(Locale.ROOT, "%.0f", r.databaseMicrosPerCheck()) : "-";
    }

    private static String ratios(Result r, Result baseline) {
        return String.format(Locale.ROOT, "rate %.2f, p99 %.2f, service CPU %.2f, service+db CPU %.2f",
                r.perSecond() / baseline.perSecond(), r.millis(99) / baseline.millis(99),
                r.serviceMicrosPerCheck() / baseline.serviceMicrosPerCheck(),
                (r.serviceMicrosPerCheck() + r.databaseMicrosPerCheck()) / baseline.serviceMicrosPerCheck());
    }
}
