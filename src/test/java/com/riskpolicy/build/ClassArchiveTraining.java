package com.riskpolicy.build;

import com.riskpolicy.ChildProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the packaged service's class archive (README, Production: a faster start): the build runs
 * this after packaging. It starts {@code quarkus-run.jar} once with
 * {@code -XX:ArchiveClassesAtExit}, on a database and a compiled-rules folder of its own under
 * {@code target/class-archive-training}, with the shipped {@code rules/}; waits until it is ready,
 * asks it one decision and one account, and stops it with SIGTERM. At exit the JVM writes every class
 * the start and those requests loaded that it can share into {@code app-cds.jsa} beside the jar.
 * A start with {@code -XX:SharedArchiveFile} then maps them instead of reading, verifying and
 * linking each class again.
 *
 * <p>The archive fits only the JDK build that wrote it and the jar at the path it was written for;
 * any other JVM says so in one warning line and starts without it. When the trial start fails (a
 * rules folder that does not compile, say), the build warns and writes none.
 *
 * <p>Arguments: the jar, the rules folder, the work folder.
 */
public final class ClassArchiveTraining {

    /** The archive's name, beside {@code quarkus-run.jar}. */
    public static final String ARCHIVE = "app-cds.jsa";

    private static final String HOST = "127.0.0.1";
    private static final Duration WAIT_WITHIN = Duration.ofSeconds(60);
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("platform:platform".getBytes(StandardCharsets.US_ASCII));
    /**
     * README's example E4 as a stateless decision, which the rules alone decide (no ledger): 900 of
     * 1,000 of isolated margin removed, allowed by the shipped rules.
     */
    public static final String E4_DECISION = "{\"action\":\"REMOVE_MARGIN\",\"params\":{\"symbol\":\"BTCUSDT\","
            + "\"amount\":\"900\"},\"facts\":{\"account\":{\"accountId\":\"e4\",\"balances\":{\"USDT\":\"0\"}},"
            + "\"marginModes\":{\"BTCUSDT\":\"ISOLATED\"},\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\","
            + "\"quantity\":\"1\",\"entryPrice\":\"20000\",\"leverage\":\"20\",\"mode\":\"ISOLATED\","
            + "\"isolatedMargin\":\"1000\"}],\"orders\":[],\"markPrices\":{\"BTCUSDT\":\"20000\"}}}";
    private static final String ACCOUNT = "{\"accountId\":\"training\",\"balances\":{\"USDT\":\"10000\"}}";

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path rules = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        Path archive = jar.resolveSibling(ARCHIVE);
        long started = System.nanoTime();
        try {
            train(jar, rules, work, archive);
        } catch (Exception e) {
            // The archive only makes a start faster: the jar is whole without it, and ClassArchiveIT
            // fails the tests when the build wrote none.
            Files.deleteIfExists(archive);
            System.out.println("[class-archive] WARNING: no class archive written, the service starts without it: " + e);
            return;
        }
        System.out.printf(Locale.ROOT, "[class-archive] %s: %d MiB, written in %.1f s (README, Production: a faster start)%n",
                archive, Files.size(archive) >> 20, (System.nanoTime() - started) / 1e9);
    }

    static void train(Path jar, Path rules, Path work, Path archive) throws Exception {
        // an archive of an earlier jar would only be refused at every start
        Files.deleteIfExists(archive);
        deleteRecursively(work);
        Files.createDirectories(work);
        int port = ChildProcesses.freePort();
        Path log = work.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_HOST", HOST);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("POLICY_RULES_DIR", rules.toString());
        builder.environment().put("POLICY_RULES_WATCH", "false");
        builder.environment().put("POLICY_RULES_COMPILED_CACHE_DIR", work.resolve("compiled-rules").toString());
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:h2:file:" + work.resolve("ledger") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        Process service = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://" + HOST + ":" + port;
            untilAnswered(service, log, client, HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET());
            untilAnswered(service, log, client, post(base + "/v1/decisions", E4_DECISION));
            untilAnswered(service, log, client, post(base + "/v1/accounts", ACCOUNT));
        } catch (Exception e) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
        service.destroy();
        if (!service.waitFor(WAIT_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the service did not stop within " + WAIT_WITHIN.toSeconds() + " s:\n"
                    + ChildProcesses.tail(log));
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the JVM wrote no class archive (" + archive + "):\n" + ChildProcesses.tail(log));
        }
    }

    private static HttpRequest.Builder post(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .header("Authorization", AUTHORIZATION).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends {@code request} until it is answered 2xx, every 20 ms; fails when the service exits or takes too long. */
    private static void untilAnswered(Process service, Path log, HttpClient client, HttpRequest.Builder request)
            throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        long deadline = System.nanoTime() + WAIT_WITHIN.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + ":\n"
                        + ChildProcesses.tail(log));
            }
            try {
                status = client.send(built, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException(built.uri() + " was not answered 2xx within " + WAIT_WITHIN.toSeconds()
                + " s (last status " + status + "):\n" + ChildProcesses.tail(log));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
