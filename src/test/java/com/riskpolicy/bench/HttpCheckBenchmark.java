package com.riskpolicy.bench;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * HTTP check benchmark: starts the PACKAGED service ({@code target/quarkus-app/quarkus-run.jar}) as a
 * child process on its own loopback port with a throwaway H2 database in a file, as the service keeps
 * its ledger and decision log by default ({@code target/bench/db}, emptied first), creates accounts
 * through the API, then drives {@code POST /v1/checks/open-position} from N concurrent keep-alive
 * HTTP/1.1 connections (one thread each, closed loop: the next request leaves when the answer
 * arrives) and, last, at a fixed request rate (open loop: latency counts from the moment a request
 * was due, so a stalled service is not hidden by clients that wait). Prints checks/s, errors (every
 * non-200 answer or I/O failure) and p50/p99/p99.9 latency, against the target of at least 5,000
 * checks/s with p99 at most 10 ms. The load generator shares the machine's cores with the service.
 *
 * <p>Every loop is bounded in time and sends only to 127.0.0.1. The child process is stopped at the
 * end, also on failure or Ctrl-C. Not a unit test: run it with
 * {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=http} (see BENCHMARKS.md). System
 * properties: {@code bench} (inprocess | http | all), {@code bench.seconds} (measured seconds per
 * run, default 15), {@code bench.http.warmup.seconds} (default twice {@code bench.warmup.seconds},
 * which defaults to 10), {@code bench.http.clients} (default
 * 4,8,16,32), {@code bench.http.rate} (checks/s of the open-loop run, 0 skips it; default 5000),
 * {@code bench.http.rate.connections} (default 16), {@code bench.http.accounts} (default 200),
 * {@code bench.http.jar}, {@code bench.service.jvm.args} (JVM options of the service, default none).
 */
public final class HttpCheckBenchmark {

    static final double TARGET_CHECKS_PER_SECOND = 5_000;
    static final double TARGET_P99_MILLIS = 10;

    static final String HOST = ServiceNodes.HOST;
    private static final List<String> LOAD_GROUPS = List.of("load generator", "service", "database");
    private static final String CHECK_PATH = "/v1/checks/open-position";
    /** The demo platform user (docs/api.md, Access): the benchmark service runs with the demo users on. */
    static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("platform:platform".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] ALLOW = "\"decision\":\"ALLOW\"".getBytes(StandardCharsets.US_ASCII);
    private static final long SETTLE_SECONDS = 2;
    /** The decision log's writer thread, "decision-log-writer", as /proc shows its name. */
    private static final String WRITER_THREAD = "decision-log-wr";
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
     * @param writerCpu CPU time of the service's decision-log writer threads during the run
     */
    record Result(String run, int connections, long checks, long errors, long allowed, long unsent, double seconds,
                  Histogram latency, MachineLoad.Usage usage, Duration writerCpu) {

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
            return checks == 0 ? 0 : writerCpu.toNanos() / 1e3 / checks;
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        boolean met() {
            return errors == 0 && unsent == 0 && perSecond() >= TARGET_CHECKS_PER_SECOND && millis(99) <= TARGET_P99_MILLIS;
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("http", "HTTP check benchmark")) {
            return;
        }
        int seconds = Integer.getInteger("bench.seconds", 15);
        // Hibernate, Vert.x, JSON and the rules all need the JIT: by default twice the in-process warm-up
        int warmupSeconds = Integer.getInteger("bench.http.warmup.seconds", 2 * Integer.getInteger("bench.warmup.seconds", 10));
        int[] clients = clientCounts("bench.http.clients", "4,8,16,32");
        int rate = Integer.getInteger("bench.http.rate", 5_000);
        int rateConnections = Integer.getInteger("bench.http.rate.connections", 16);
        int accountCount = Integer.getInteger("bench.http.accounts", 200);
        try (ServiceNodes service = ServiceNodes.start(jar("bench.http.jar"), rules(), "http-service",
                List.of(h2(database(SERVICE_H2_SETTINGS))), Optional.empty())) {
            int port = service.nodes().get(0).port();
            List<byte[]> requests = createAccounts(port, accountCount);
            describeMix(port, requests);

            System.out.printf("[bench] warming up: %d clients for %d s ...%n", max(clients), warmupSeconds);
            closedLoop("warm-up", service, requests, max(clients), warmupSeconds);
            List<Result> results = new ArrayList<>();
            for (int count : clients) {
                System.out.printf("[bench] measuring: %d clients, closed loop, %d s ...%n", count, seconds);
                results.add(settledClosedLoop("closed loop", service, requests, count, seconds));
            }
            if (rate > 0) {
                openLoop(service, requests, rateConnections, rate, SETTLE_SECONDS);
                System.out.printf("[bench] measuring: %d checks/s over %d connections, open loop, %d s ...%n",
                        rate, rateConnections, seconds);
                results.add(openLoop(service, requests, rateConnections, rate, seconds));
            }
            print(results, rate);
        }
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
        Duration writerBefore = service.threadCpu(WRITER_THREAD);
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
        Duration writerCpu = service.threadCpu(WRITER_THREAD).minus(writerBefore);
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (Histogram h : latencies) {
            latency.add(h);
        }
        return new Result(run, connections, checks.get(), errors.get(), allowed.get(), unsent.get(), elapsed / 1e9, latency,
                MachineLoad.between(before, after), writerCpu);
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

    private static void print(List<Result> results, int rate) {
        String line = "-".repeat(131);
        System.out.println();
        System.out.println("HTTP: POST " + CHECK_PATH + " on loopback against the packaged service (quarkus-run.jar)");
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-18s %7s %9s %10s %7s %6s %8s %8s %8s %9s %8s %8s %-12s%n", "run", "clients",
                "checks", "checks/s", "errors", "unsent", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "mean ms", "allow %", "target");
        System.out.println(line);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-18s %7d %9d %10.0f %7d %6d %8.3f %8.3f %8.3f %9.1f %8.3f %8.1f %-12s%n",
                    r.run(), r.connections(), r.checks(), r.perSecond(), r.errors(), r.unsent(), r.millis(50), r.millis(99),
                    r.millis(99.9), r.latency().getMaxValue() / 1e6, r.latency().getMean() / 1e6,
                    r.checks() == 0 ? 0.0 : 100.0 * r.allowed() / r.checks(), r.met() ? "MET" : "NOT MET");
        }
        System.out.println(line);
        System.out.printf(Locale.ROOT, "target: >= %,.0f checks/s with p99 <= %.0f ms and 0 errors (non-200 answers count as errors)%n",
                TARGET_CHECKS_PER_SECOND, TARGET_P99_MILLIS);
        List<String> met = results.stream().filter(Result::met).map(r -> r.run() + " @ " + r.connections()).toList();
        System.out.println("target " + (met.isEmpty() ? "NOT MET in any run" : "MET by: " + String.join(", ", met)));
        for (Result r : results) {
            System.out.printf("%-18s %3d clients, load while measuring: %s%n", r.run(), r.connections(), r.describeLoad());
            System.out.printf(Locale.ROOT, "%-18s %3d clients, service CPU per check: %.0f µs, of which the decision-log"
                    + " writer thread %.0f µs%n", r.run(), r.connections(), r.serviceMicrosPerCheck(), r.writerMicrosPerCheck());
            if (r.usage().disturbed()) {
                System.out.printf(Locale.ROOT, "%-18s WARNING: other processes used %.2f cores while this was measured;"
                        + " the figures may be disturbed, re-run on a quieter machine%n", r.run(), r.usage().otherCores());
            }
        }
        System.out.println("NOTE: the load generator runs on the same " + MachineLoad.CORES + " cores as the service, so"
                + " the service gets only part of the machine; 'closed loop' clients send the next check when the last"
                + " is answered" + (rate > 0 ? "; the open-loop run sends on a fixed schedule and counts latency from"
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
