package com.riskpolicy.bench;

import com.riskpolicy.TestDatabase;
import com.riskpolicy.bench.LiquidationBenchmark.Data;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Position;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A 1 % liquidation tick with its database transaction (issue 15): the packaged service, on H2 (a file
 * database with the service's settings) and on PostgreSQL (a schema of its own), holding 1,000,000
 * isolated positions (one per account, {@link LiquidationBenchmark}'s generated book), each stored
 * as the service stores an opened position: the account, its USDT wallet, the contract's margin mode
 * and leverage, the position. A mark-price tick ({@code PUT /v1/mark-prices/BTCUSDT}) at a price
 * that liquidates the next 1 % of all positions is what the service does in production: plan in
 * memory, the rules' verdicts, then in the same transaction the positions deleted, the events and
 * margin calls written, the fund moved, the accounts' versions moved on, the commit.
 *
 * <p>Why the packaged service and not the tick's code in this JVM: the transaction is Hibernate's and
 * Narayana's inside Quarkus (entities, flush, batching, connection pool), which only the built service
 * has as it runs; the HTTP harnesses start it the same way. The service splits each tick's time itself
 * (the timer {@code policy.mark_price.tick.phase}, read from {@code /q/metrics} before and after each
 * tick): prepare, plan, rules, write, commit.
 *
 * <p>The database is seeded with batched JDBC (H2) or COPY (PostgreSQL), after the service has started
 * once on it to migrate the schema and before it starts again, when it rebuilds its index from the
 * positions. Ticks go down the BTCUSDT longs' liquidation prices: tick k liquidates the longs between
 * the kth and (k+1)th 1 % of all positions, so that each tick liquidates N / 100 positions that nothing
 * has touched yet (and raises the margin calls that the new price brings), without restoring anything
 * between ticks. The first ticks warm the service up and are not counted.
 *
 * <p>Baseline, in the same run: {@link LiquidationBenchmark#plainLoop}, every position's threshold in
 * {@code BigDecimal} in this JVM at the tick's price, run between ticks; its count must be the 1 % the
 * ticks liquidate, and the events each tick answers must be N / 100 liquidations, or the program exits
 * with status 2.
 *
 * <p>Target: a 1 % tick over 1,000,000 positions, commit included, in at most 2 s on each database,
 * judged on the slowest measured tick as the caller waits for it (the HTTP answer, which lists every
 * event).
 *
 * <p>Not a unit test, and not part of {@code bench=all} (it needs a PostgreSQL server and the PostgreSQL
 * jar): {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=liquidation-commit} (BENCHMARKS.md,
 * Liquidation ticks). System properties: {@code bench.liquidation.commit.positions} (default 1000000),
 * {@code bench.liquidation.commit.databases} ({@code h2,postgresql}), {@code bench.liquidation.commit.warmup.ticks}
 * (default 3), {@code bench.liquidation.commit.ticks} (measured, default 5), {@code bench.liquidation.commit.pause.seconds}
 * (between ticks, default 3), {@code bench.liquidation.seed}, {@code bench.h2.jar}, {@code bench.pg.jar},
 * {@code bench.service.jvm.args}, {@code bench.h2.settings} (the H2 URL's settings after the file name,
 * default the service's own).
 */
public final class LiquidationCommitBenchmark {

    static final double TARGET_TICK_MILLIS = 2_000;

    private static final String BTC = "BTCUSDT";
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT"};
    private static final String[] BASE_MARKS = {"60000.00", "3000.00"};
    private static final String[] PHASES = {"prepare", "plan", "rules", "write", "commit"};
    private static final Pattern PHASE_SUM = Pattern.compile(
            "^policy_mark_price_tick_phase_seconds_sum\\{.*phase=\"(\\w+)\".*}\\s+(\\S+)$", Pattern.MULTILINE);
    private static final String LIQUIDATION = "\"type\":\"ISOLATED_LIQUIDATION\"";
    private static final String MARGIN_CALL = "\"type\":\"MARGIN_CALL\"";
    /** Far more than any tick here moves: no auto-deleveraging, which this does not measure. */
    private static final String FUND = "1000000000000";
    private static final Duration READY_WITHIN = Duration.ofMinutes(10);
    private static final int BATCH = 5_000;
    private static final BigDecimal MIN_GAP = new BigDecimal("0.03");

    private record Tick(int number, boolean measured, BigDecimal mark, int liquidations, int marginCalls, long answerBytes,
                        double httpMillis, Map<String, Double> phaseMillis, double loopMillis, String load,
                        double otherCores) {

        double serviceMillis() {
            return phaseMillis.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double transactionMillis() {
            return phaseMillis.get("write") + phaseMillis.get("commit");
        }
    }

    private record Run(String database, double seedSeconds, double startSeconds, List<Tick> ticks) {

        List<Tick> measured() {
            return ticks.stream().filter(Tick::measured).toList();
        }

        double worstHttpMillis() {
            return measured().stream().mapToDouble(Tick::httpMillis).max().orElse(Double.NaN);
        }
    }

    private LiquidationCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runsOnlyWhenNamed("liquidation-commit", "liquidation-tick commit benchmark",
                "a PostgreSQL server and the PostgreSQL jar besides the H2 one")) {
            return;
        }
        int size = Integer.getInteger("bench.liquidation.commit.positions", 1_000_000);
        List<String> databases = Arrays.stream(System.getProperty("bench.liquidation.commit.databases", "h2,postgresql")
                .split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        int warmupTicks = Integer.getInteger("bench.liquidation.commit.warmup.ticks", 3);
        int ticks = Integer.getInteger("bench.liquidation.commit.ticks", 5);
        long pauseMillis = Long.getLong("bench.liquidation.commit.pause.seconds", 3) * 1000;
        long seed = Long.getLong("bench.liquidation.seed", 20241126L);
        LiquidationBenchmark.configureLogging();

        RuleSet rules = new RuleEngine(new RuleSetCompiler(16, 10_000), HttpCheckBenchmark.rules()).reload();
        MarginMath math = rules.math();
        Contract btc = math.catalog().requireContract(BTC);
        long started = System.nanoTime();
        Data data = LiquidationBenchmark.generate(size, seed, math);
        List<Position> positions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            positions.add(data.position(i));
        }
        int perTick = size / 100;
        List<Mark> marks = tickMarks(data, math, btc, perTick, warmupTicks + ticks);
        System.out.printf(Locale.ROOT, "[bench] %,d positions generated in %.1f s; %d ticks of %,d liquidations each at %s%n",
                size, (System.nanoTime() - started) / 1e9, marks.size(), perTick, marks);

        List<Run> runs = new ArrayList<>();
        try {
            for (String database : databases) {
                Plan plan = new Plan(data, positions, math, btc, marks, warmupTicks, perTick, pauseMillis);
                runs.add(switch (database) {
                    case "h2" -> onH2(plan);
                    case "postgresql" -> onPostgres(plan);
                    default -> throw new IllegalArgumentException("bench.liquidation.commit.databases: h2 or postgresql, not " + database);
                });
            }
        } catch (Failed e) {
            // After the database's cleanup (the schema dropped, the file deleted), which exiting at once would skip
            LiquidationBenchmark.fail(e.getMessage());
        }
        print(size, runs);
    }

    /** The service did not do what the plain loop says. */
    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private static void fail(String message) {
        throw new Failed(message);
    }

    /** A tick's price, and how many positions are liquidatable at it (those of the ticks before included). */
    record Mark(BigDecimal price, int liquidatable) {
        @Override
        public String toString() {
            return price.toPlainString();
        }
    }

    private record Plan(Data data, List<Position> positions, MarginMath math, Contract btc, List<Mark> marks,
                        int warmupTicks, int perTick, long pauseMillis) {
    }

    /**
     * The marks of the ticks, falling: tick k's lies between the liquidation prices of the
     * ((k+1) × perTick)th and the next BTCUSDT long from the top, so that each tick liquidates perTick
     * longs more than the one before (shorts gain as the price falls; ETHUSDT does not move).
     */
    static List<Mark> tickMarks(Data data, MarginMath math, Contract btc, int perTick, int ticks) {
        List<BigDecimal> prices = LiquidationBenchmark.longLiquidationPrices(data, math, btc);
        if (prices.size() <= perTick * ticks) {
            fail(ticks + " ticks of " + perTick + " need more than the " + prices.size() + " BTCUSDT longs");
        }
        List<Mark> marks = new ArrayList<>();
        for (int k = 1; k <= ticks; k++) {
            int last = k * perTick - 1;
            // Between two liquidation prices at least 0.03 apart, so that the mark, rounded to cents, lies strictly between
            while (prices.get(last).subtract(prices.get(last + 1)).compareTo(MIN_GAP) < 0) {
                last++;
            }
            marks.add(new Mark(prices.get(last).add(prices.get(last + 1)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_EVEN),
                    last + 1));
        }
        return marks;
    }

    // ---------------------------------------------------------------------------------------------
    // The two databases
    // ---------------------------------------------------------------------------------------------

    private static Run onH2(Plan plan) throws Exception {
        Path folder = Path.of("target", "bench", "liquidation-db").toAbsolutePath();
        ReloadBenchmark.deleteRecursively(folder);
        Files.createDirectories(folder);
        String url = "jdbc:h2:file:" + folder.resolve("ledger") + ";"
                + System.getProperty("bench.h2.settings", HttpCheckBenchmark.SERVICE_H2_SETTINGS);
        Map<String, String> environment = environment(Map.of("QUARKUS_DATASOURCE_JDBC_URL", url));
        try {
            return run("H2", HttpCheckBenchmark.jar("bench.h2.jar"), environment, Optional.empty(), plan,
                    () -> DriverManager.getConnection(url, "sa", ""), false);
        } finally {
            ReloadBenchmark.deleteRecursively(folder);
        }
    }

    private static Run onPostgres(Plan plan) throws Exception {
        String schema = TestDatabase.schema("liquidation_commit");
        try (Connection connection = TestDatabase.server(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        try {
            Map<String, String> environment = environment(Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.url(schema),
                    "QUARKUS_DATASOURCE_USERNAME", TestDatabase.user(),
                    "QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password(),
                    "QUARKUS_FLYWAY_SCHEMAS", schema,
                    "POLICY_NODE_ID", "bench-liquidation"));
            return run("PostgreSQL", HttpCheckBenchmark.jar("bench.pg.jar"), environment, ClusterBenchmark.databaseServer(),
                    plan, () -> DriverManager.getConnection(TestDatabase.url(schema), TestDatabase.user(), TestDatabase.password()),
                    true);
        } finally {
            TestDatabase.drop(schema);
            System.out.println("[bench] dropped the schema " + schema);
        }
    }

    private static Map<String, String> environment(Map<String, String> database) {
        Map<String, String> environment = new HashMap<>(database);
        environment.put("POLICY_INSURANCE_FUND_INITIAL_BALANCES_USDT", FUND);
        environment.put("POLICY_RULES_WATCH", "false");
        // On a busy machine H2 took more than the pool's 5 s to open a seeded file: starting is not measured
        environment.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "PT60S");
        // The index's rebuild at startup reads every position in one transaction, which on a busy machine
        // took longer than the default 60 s at 1,000,000 positions, and the service did not start
        environment.put("QUARKUS_TRANSACTION_MANAGER_DEFAULT_TRANSACTION_TIMEOUT", "PT10M");
        return environment;
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    private static Run run(String name, Path jar, Map<String, String> environment, Optional<ProcessHandle> server, Plan plan,
                           Connect connect, boolean postgres) throws Exception {
        System.out.printf("%n[bench] ---- %s ----%n", name);
        String key = "liquidation-" + name.toLowerCase(Locale.ROOT);
        // Once to migrate the empty database, then seeded while the service is stopped
        try (ServiceNodes migrating = ServiceNodes.start(jar, HttpCheckBenchmark.rules(), key + "-migrate",
                List.of(environment), server)) {
            System.out.println("[bench] schema migrated");
        }
        long seedStart = System.nanoTime();
        try (Connection connection = connect.open()) {
            if (postgres) {
                seedWithCopy(connection, plan.data());
            } else {
                seedWithBatches(connection, plan.data());
            }
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf(Locale.ROOT, "[bench] seeded %,d accounts with a wallet, a setting and a position each in %.1f s%n",
                plan.data().size, seedSeconds);
        long startStart = System.nanoTime();
        try (ServiceNodes service = ServiceNodes.start(jar, HttpCheckBenchmark.rules(), key, List.of(environment), server,
                READY_WITHIN)) {
            double startSeconds = (System.nanoTime() - startStart) / 1e9;
            return new Run(name, seedSeconds, startSeconds, ticks(service, plan));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Seeding: one account, wallet, setting and position per generated position
    // ---------------------------------------------------------------------------------------------

    private static void seedWithBatches(Connection connection, Data data) throws SQLException {
        connection.setAutoCommit(false);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement account = connection.prepareStatement(
                     "INSERT INTO account (account_id, created_at, updated_at, version) VALUES (?, ?, ?, 0)");
             PreparedStatement balance = connection.prepareStatement(
                     "INSERT INTO balance (id, account_id, amount, currency) VALUES (?, ?, ?, 'USDT')");
             PreparedStatement setting = connection.prepareStatement(
                     "INSERT INTO symbol_setting (id, account_id, leverage, margin_mode, symbol) VALUES (?, ?, ?, 'ISOLATED', ?)");
             PreparedStatement position = connection.prepareStatement("INSERT INTO position (id, account_id, entry_price,"
                     + " isolated_margin, leverage, mode, quantity, side, symbol) VALUES (?, ?, ?, ?, ?, 'ISOLATED', ?, ?, ?)")) {
            for (int i = 0; i < data.size; i++) {
                String id = Data.accountId(i);
                account.setString(1, id);
                account.setObject(2, now);
                account.setObject(3, now);
                account.addBatch();
                balance.setLong(1, i + 1);
                balance.setString(2, id);
                balance.setBigDecimal(3, wallet(i));
                balance.addBatch();
                setting.setLong(1, i + 1);
                setting.setString(2, id);
                setting.setBigDecimal(3, BigDecimal.valueOf(data.leverage[i]));
                setting.setString(4, SYMBOLS[data.symbol[i]]);
                setting.addBatch();
                position.setLong(1, i + 1);
                position.setString(2, id);
                position.setBigDecimal(3, BigDecimal.valueOf(data.entryPrice[i], 2));
                position.setBigDecimal(4, BigDecimal.valueOf(data.margin[i], 8));
                position.setBigDecimal(5, BigDecimal.valueOf(data.leverage[i]));
                position.setBigDecimal(6, BigDecimal.valueOf(data.quantity[i], 3));
                position.setString(7, data.isLong[i] ? "LONG" : "SHORT");
                position.setString(8, SYMBOLS[data.symbol[i]]);
                position.addBatch();
                if ((i + 1) % BATCH == 0 || i == data.size - 1) {
                    account.executeBatch();
                    balance.executeBatch();
                    setting.executeBatch();
                    position.executeBatch();
                    connection.commit();
                }
            }
        }
        try (Statement sql = connection.createStatement()) {
            finishSeed(sql, data.size, "ALTER SEQUENCE %s RESTART WITH %d");
        }
        connection.commit();
    }

    private static void seedWithCopy(Connection connection, Data data) throws SQLException, IOException {
        connection.setAutoCommit(false);
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        copyRows(copy.copyIn("COPY account (account_id, created_at, updated_at, version) FROM STDIN"), data,
                (i, row) -> row.append(Data.accountId(i)).append('\t').append(now).append('\t').append(now).append("\t0"));
        copyRows(copy.copyIn("COPY balance (id, account_id, amount, currency) FROM STDIN"), data,
                (i, row) -> row.append(i + 1).append('\t').append(Data.accountId(i)).append('\t')
                        .append(wallet(i).toPlainString()).append("\tUSDT"));
        copyRows(copy.copyIn("COPY symbol_setting (id, account_id, leverage, margin_mode, symbol) FROM STDIN"), data,
                (i, row) -> row.append(i + 1).append('\t').append(Data.accountId(i)).append('\t').append(data.leverage[i])
                        .append("\tISOLATED\t").append(SYMBOLS[data.symbol[i]]));
        copyRows(copy.copyIn("COPY position (id, account_id, entry_price, isolated_margin, leverage, mode, quantity, side,"
                        + " symbol) FROM STDIN"), data,
                (i, row) -> row.append(i + 1).append('\t').append(Data.accountId(i)).append('\t')
                        .append(BigDecimal.valueOf(data.entryPrice[i], 2).toPlainString()).append('\t')
                        .append(BigDecimal.valueOf(data.margin[i], 8).toPlainString()).append('\t').append(data.leverage[i])
                        .append("\tISOLATED\t").append(BigDecimal.valueOf(data.quantity[i], 3).toPlainString()).append('\t')
                        .append(data.isLong[i] ? "LONG" : "SHORT").append('\t').append(SYMBOLS[data.symbol[i]]));
        try (Statement sql = connection.createStatement()) {
            finishSeed(sql, data.size, "SELECT setval('%s', %d)");
            connection.commit();
            connection.setAutoCommit(true);
            sql.execute("ANALYZE");
        }
    }

    private interface Row {
        void write(int i, StringBuilder row);
    }

    private static void copyRows(CopyIn copy, Data data, Row row) throws SQLException {
        StringBuilder text = new StringBuilder(1 << 20);
        for (int i = 0; i < data.size; i++) {
            row.write(i, text);
            text.append('\n');
            if (text.length() > (1 << 20) - 512 || i == data.size - 1) {
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                text.setLength(0);
            }
        }
        copy.endCopy();
    }

    /** The base marks, and the generated ids' sequences moved past them, so that the service's own rows get new ids. */
    private static void finishSeed(Statement sql, int size, String restartSequence) throws SQLException {
        for (int s = 0; s < SYMBOLS.length; s++) {
            sql.executeUpdate("INSERT INTO mark_price (symbol, price, updated_at) VALUES ('" + SYMBOLS[s] + "', "
                    + BASE_MARKS[s] + ", CURRENT_TIMESTAMP)");
        }
        for (String sequence : List.of("balance_seq", "symbol_setting_seq", "position_seq")) {
            sql.execute(String.format(Locale.ROOT, restartSequence, sequence, size + 1_000));
        }
    }

    /** A cross wallet beside the isolated position; a tick never touches it. */
    private static BigDecimal wallet(int i) {
        return BigDecimal.valueOf(100 + i % 1000, 0).setScale(8);
    }

    // ---------------------------------------------------------------------------------------------
    // The ticks
    // ---------------------------------------------------------------------------------------------

    private static List<Tick> ticks(ServiceNodes service, Plan plan) throws Exception {
        int port = service.nodes().get(0).port();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI tickUri = URI.create("http://" + ServiceNodes.HOST + ":" + port + "/v1/mark-prices/" + BTC);
        URI metricsUri = URI.create("http://" + ServiceNodes.HOST + ":" + port + "/q/metrics");
        List<List<ProcessHandle>> groups = service.processGroups();
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; k < plan.marks().size(); k++) {
            BigDecimal mark = plan.marks().get(k).price();
            int expected = plan.marks().get(k).liquidatable() - (k == 0 ? 0 : plan.marks().get(k - 1).liquidatable());
            // The baseline first, while the service waits: the same threshold over every position
            double[] loops = new double[3];
            int liquidatable = 0;
            for (int r = 0; r < loops.length; r++) {
                long loopStart = System.nanoTime();
                liquidatable = LiquidationBenchmark.plainLoop(plan.positions(), BTC, mark, plan.btc(),
                        plan.math().catalog().liquidationRiskRatio());
                loops[r] = (System.nanoTime() - loopStart) / 1e6;
            }
            Arrays.sort(loops);
            if (liquidatable != plan.marks().get(k).liquidatable()) {
                fail("the plain loop finds " + liquidatable + " liquidatable at " + mark + ", not "
                        + plan.marks().get(k).liquidatable());
            }
            Thread.sleep(plan.pauseMillis());
            Map<String, Double> before = phaseSeconds(client, metricsUri);
            MachineLoad.Sample from = MachineLoad.sample(groups);
            HttpRequest request = HttpRequest.newBuilder(tickUri).timeout(Duration.ofMinutes(5))
                    .header("Authorization", HttpCheckBenchmark.AUTHORIZATION).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"price\":\"" + mark.toPlainString() + "\"}")).build();
            long tickStart = System.nanoTime();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            double httpMillis = (System.nanoTime() - tickStart) / 1e6;
            MachineLoad.Usage usage = MachineLoad.between(from, MachineLoad.sample(groups));
            Map<String, Double> after = phaseSeconds(client, metricsUri);
            if (answer.statusCode() != 200) {
                fail("the tick at " + mark + " answered " + answer.statusCode() + ": "
                        + answer.body().substring(0, Math.min(2000, answer.body().length())));
            }
            int liquidations = count(answer.body(), LIQUIDATION);
            if (liquidations != expected) {
                fail("the tick at " + mark + " liquidated " + liquidations + ", not " + expected);
            }
            Map<String, Double> phases = new HashMap<>();
            for (String phase : PHASES) {
                phases.put(phase, (after.getOrDefault(phase, 0.0) - before.getOrDefault(phase, 0.0)) * 1e3);
            }
            Tick tick = new Tick(k + 1, k >= plan.warmupTicks(), mark, liquidations, count(answer.body(), MARGIN_CALL),
                    answer.body().length(), httpMillis, phases, loops[1],
                    usage.describe(List.of("service", "database").subList(0, groups.size())), usage.otherCores());
            ticks.add(tick);
            System.out.printf(Locale.ROOT, "[bench] tick %d%s at %s: %,d liquidations, %,d margin calls; HTTP %.0f ms,"
                            + " service %.0f ms (prepare %.0f, plan %.0f, rules %.0f, write %.0f, commit %.0f); loop %.0f ms;"
                            + " %s%n", tick.number(), tick.measured() ? "" : " (warm-up)", mark, liquidations,
                    tick.marginCalls(), httpMillis, tick.serviceMillis(), phases.get("prepare"), phases.get("plan"),
                    phases.get("rules"), phases.get("write"), phases.get("commit"), tick.loopMillis(), tick.load());
        }
        return ticks;
    }

    private static Map<String, Double> phaseSeconds(HttpClient client, URI metrics) throws Exception {
        String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> sums = new HashMap<>();
        Matcher matcher = PHASE_SUM.matcher(text);
        while (matcher.find()) {
            sums.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return sums;
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------
    // Output
    // ---------------------------------------------------------------------------------------------

    private static void print(int size, List<Run> runs) {
        String line = "-".repeat(150);
        System.out.println();
        System.out.printf(Locale.ROOT, "1 %% liquidation ticks with their database transaction: the packaged service, %,d isolated"
                + " positions, PUT /v1/mark-prices/BTCUSDT; the service's phases from its timer; baseline: the plain loop over"
                + " every position in BigDecimal, this JVM, same run%n", size);
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-10s | %-4s | %-13s | %-9s | %-9s | %-8s | %-7s | %-7s | %-7s | %-7s | %-7s | %-7s | %-6s | %s%n",
                "database", "tick", "liquid./calls", "HTTP ms", "service", "prepare", "plan", "rules", "write", "commit",
                "tx", "loop ms", "svc/loop", "others' cores");
        System.out.println(line);
        for (Run run : runs) {
            for (Tick t : run.ticks()) {
                System.out.printf(Locale.ROOT, "%-10s | %-4s | %6d/%-6d | %9.0f | %9.0f | %8.0f | %7.0f | %7.0f | %7.0f | %7.0f |"
                                + " %7.0f | %7.0f | %8.2f | %.2f%n", run.database(), t.number() + (t.measured() ? "" : "w"),
                        t.liquidations(), t.marginCalls(), t.httpMillis(), t.serviceMillis(), t.phaseMillis().get("prepare"),
                        t.phaseMillis().get("plan"), t.phaseMillis().get("rules"), t.phaseMillis().get("write"),
                        t.phaseMillis().get("commit"), t.transactionMillis(), t.loopMillis(),
                        t.serviceMillis() / t.loopMillis(), t.otherCores());
            }
        }
        System.out.println(line);
        for (Run run : runs) {
            List<Tick> measured = run.measured();
            System.out.printf(Locale.ROOT, "%s: seeded in %.1f s, service ready in %.1f s (index rebuilt from the database);"
                            + " %d measured ticks, medians: HTTP %.0f ms, service %.0f ms (prepare %.0f, plan %.0f, rules %.0f,"
                            + " write %.0f, commit %.0f), plain loop %.0f ms, service / loop %.2f; answer %,d bytes%n",
                    run.database(), run.seedSeconds(), run.startSeconds(), measured.size(),
                    median(measured, Tick::httpMillis), median(measured, Tick::serviceMillis),
                    median(measured, t -> t.phaseMillis().get("prepare")), median(measured, t -> t.phaseMillis().get("plan")),
                    median(measured, t -> t.phaseMillis().get("rules")), median(measured, t -> t.phaseMillis().get("write")),
                    median(measured, t -> t.phaseMillis().get("commit")), median(measured, Tick::loopMillis),
                    median(measured, t -> t.serviceMillis() / t.loopMillis()),
                    measured.isEmpty() ? 0 : measured.get(measured.size() - 1).answerBytes());
            double othersWorst = measured.stream().mapToDouble(Tick::otherCores).max().orElse(0);
            if (othersWorst > MachineLoad.DISTURBED_CORES) {
                System.out.printf(Locale.ROOT, "    WARNING: other processes used up to %.2f cores during a tick; the figures may"
                        + " be disturbed, re-run on a quieter machine%n", othersWorst);
            }
            System.out.printf(Locale.ROOT, "  <= %.0f ms per 1 %% tick incl. commit (slowest measured, HTTP answer): %.0f ms: %s%n",
                    TARGET_TICK_MILLIS, run.worstHttpMillis(), run.worstHttpMillis() <= TARGET_TICK_MILLIS ? "MET" : "NOT MET");
        }
        System.out.println("(service = prepare + plan + rules + write + commit, from the service's timer; tx = write + commit;"
                + " plan includes locking the candidates' rows on PostgreSQL; HTTP adds the answer's JSON"
                + " of every event and the transfer)");
    }

    private static double median(List<Tick> ticks, java.util.function.ToDoubleFunction<Tick> value) {
        return DecisionBenchmark.median(ticks.stream().mapToDouble(value).toArray());
    }

}
