package com.riskpolicy.bench;

import com.riskpolicy.bench.HttpCheckBenchmark.Result;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What durable commits cost (docs/api.md, Durability): the packaged service on its default H2 file
 * database, which writes every commit to the file before it returns ({@code WRITE_DELAY=0}), beside
 * the same service on H2's default, which writes commits up to half a second later (release 0.1's
 * setting, the baseline), back to back in one run, alternating, {@code bench.durability.rounds}
 * times each. For each it measures ledger actions (adding and removing 1 USDT of isolated margin,
 * each a decision logged in the action's transaction and a balance and position written) and
 * open-position checks (logged behind the answer, in batches), with {@code bench.durability.clients}
 * closed-loop clients, and the size of the database file afterwards (with commits written one by
 * one, H2 no longer compacts its file in the background).
 *
 * <p>Not a unit test: {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=durability}. System
 * properties: {@code bench.seconds} (measured seconds per run, default 15),
 * {@code bench.durability.warmup.seconds} (per kind of request, default 30),
 * {@code bench.durability.clients} (default 8), {@code bench.durability.rounds} (default 2),
 * {@code bench.durability.accounts} (default 64), {@code bench.http.jar}.
 */
public final class DurabilityBenchmark {

    private static final String HOST = HttpCheckBenchmark.HOST;
    private static final String BASELINE_SETTINGS = "LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    private DurabilityBenchmark() {
    }

    /** One setting of the database, as the service was started with it. */
    private record Setting(String name, String h2Settings) {
    }

    private record Measured(Setting setting, int round, Result actions, Result checks, long fileBytes) {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("durability", "durability benchmark")) {
            return;
        }
        int seconds = Integer.getInteger("bench.seconds", 15);
        int warmupSeconds = Integer.getInteger("bench.durability.warmup.seconds", 30);
        int clients = Integer.getInteger("bench.durability.clients", 8);
        int rounds = Integer.getInteger("bench.durability.rounds", 2);
        int accounts = Integer.getInteger("bench.durability.accounts", 64);
        Path jar = HttpCheckBenchmark.jar("bench.http.jar");
        List<Setting> settings = List.of(
                new Setting("H2 default (baseline)", BASELINE_SETTINGS),
                new Setting("WRITE_DELAY=0 (now)", HttpCheckBenchmark.SERVICE_H2_SETTINGS));
        List<Measured> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Setting setting : settings) {
                measured.add(measure(setting, round, jar, seconds, warmupSeconds, clients, accounts));
            }
        }
        print(measured, clients, seconds);
    }

    private static Measured measure(Setting setting, int round, Path jar, int seconds, int warmupSeconds, int clients,
                                    int accounts) throws Exception {
        String database = HttpCheckBenchmark.database(setting.h2Settings());
        System.out.printf("[bench] round %d, %s: %s%n", round, setting.name(), database);
        try (ServiceNodes service = ServiceNodes.start(jar, HttpCheckBenchmark.rules(), "durability-service",
                List.of(HttpCheckBenchmark.h2(database)), Optional.empty())) {
            LedgerWorkload workload = createAccounts(service.nodes().get(0).port(), accounts);
            System.out.printf("[bench] warming up: %d s of ledger actions, %d s of checks ...%n", warmupSeconds, warmupSeconds);
            HttpCheckBenchmark.closedLoop("warm-up", service, workload.actions(), clients, warmupSeconds);
            HttpCheckBenchmark.closedLoop("warm-up", service, workload.checks(), clients, warmupSeconds);
            Result actions = HttpCheckBenchmark.settledClosedLoop("ledger actions", service, workload.actions(), clients, seconds);
            Result checks = HttpCheckBenchmark.settledClosedLoop("checks", service, workload.checks(), clients, seconds);
            service.close();
            long bytes = Files.size(Path.of("target", "bench", "db", "ledger.mv.db"));
            return new Measured(setting, round, actions, checks, bytes);
        }
    }

    /** The requests of this benchmark: an add and a remove of margin, and an open-position check, per account. */
    record LedgerWorkload(List<byte[]> actions, List<byte[]> checks) {
    }

    /**
     * Accounts with an isolated 0.05 BTC long at 10x (300 USDT of margin): adding and removing 1 USDT
     * is always allowed.
     */
    static LedgerWorkload createAccounts(int port, int count) throws Exception {
        List<byte[]> actions = new ArrayList<>();
        List<byte[]> checks = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://" + HOST + ":" + port;
        HttpCheckBenchmark.call(client, "PUT", base + "/v1/mark-prices/BTCUSDT", "{\"price\":\"60000\"}", 200);
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "durable-%04d", i);
            String account = base + "/v1/accounts/" + id;
            HttpCheckBenchmark.call(client, "POST", base + "/v1/accounts",
                    "{\"accountId\":\"" + id + "\",\"balances\":{\"USDT\":\"100000\"}}", 201);
            HttpCheckBenchmark.call(client, "PUT", account + "/margin-modes/BTCUSDT", "{\"mode\":\"ISOLATED\"}", 200);
            HttpCheckBenchmark.call(client, "POST", account + "/positions", "{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\","
                    + "\"quantity\":\"0.05\",\"price\":\"60000\",\"leverage\":\"10\"}", 201);
            String margin = "/v1/accounts/" + id + "/positions/BTCUSDT/margin";
            actions.add(HttpCheckBenchmark.post(margin, "{\"type\":\"ADD\",\"amount\":\"1\"}"));
            actions.add(HttpCheckBenchmark.post(margin, "{\"type\":\"REMOVE\",\"amount\":\"1\"}"));
            checks.add(HttpCheckBenchmark.post("/v1/checks/open-position", "{\"accountId\":\"" + id + "\",\"symbol\":\"BTCUSDT\","
                    + "\"side\":\"LONG\",\"quantity\":\"0.01\",\"price\":\"60000\",\"leverage\":\"10\"}"));
        }
        return new LedgerWorkload(actions, checks);
    }

    private static void print(List<Measured> measured, int clients, int seconds) {
        String line = "-".repeat(118);
        System.out.println();
        System.out.printf("Durable commits: the packaged service, %d closed-loop clients, %d s per run%n", clients, seconds);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-5s %-22s %11s %9s %8s %10s %9s %8s %10s%n", "round", "database",
                "actions/s", "p50 ms", "p99 ms", "checks/s", "p50 ms", "p99 ms", "file MB");
        System.out.println(line);
        for (Measured m : measured) {
            System.out.printf(Locale.ROOT, "%-5d %-22s %11.0f %9.3f %8.3f %10.0f %9.3f %8.3f %10.1f%s%n", m.round(),
                    m.setting().name(), m.actions().perSecond(), m.actions().millis(50), m.actions().millis(99),
                    m.checks().perSecond(), m.checks().millis(50), m.checks().millis(99), m.fileBytes() / 1e6,
                    m.actions().errors() + m.checks().errors() > 0
                            ? "  ERRORS: " + (m.actions().errors() + m.checks().errors()) : "");
        }
        System.out.println(line);
        for (int i = 0; i + 1 < measured.size(); i += 2) {
            Measured baseline = measured.get(i);
            Measured durable = measured.get(i + 1);
            System.out.printf(Locale.ROOT, "round %d, durable / baseline: ledger actions/s %.2f, p99 %.2f; checks/s %.2f,"
                            + " p99 %.2f; file size %.2f%n", baseline.round(),
                    durable.actions().perSecond() / baseline.actions().perSecond(),
                    durable.actions().millis(99) / baseline.actions().millis(99),
                    durable.checks().perSecond() / baseline.checks().perSecond(),
                    durable.checks().millis(99) / baseline.checks().millis(99),
                    (double) durable.fileBytes() / baseline.fileBytes());
        }
        for (Measured m : measured) {
            for (Result r : List.of(m.actions(), m.checks())) {
                System.out.printf("round %d %-22s %-15s load while measuring: %s%n", m.round(), m.setting().name(),
                        r.run(), r.describeLoad());
            }
        }
        System.out.println("NOTE: the load generator shares the machine's cores with the service; compare the ratios"
                + " of one run, not absolute figures across machines.");
    }
}
