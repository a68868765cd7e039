package com.riskpolicy.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.durability.ServiceProcess;
import com.riskpolicy.durability.ServiceProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the packaged service's class archive (README, Production: a faster start): the build runs
 * this after packaging. It starts the packaged service once ({@link ServiceProcess}: the jar of
 * {@code service.jar}, a copy of the rules of {@code service.rules}, a database and a compiled-rules
 * folder of its own in the work folder) with {@code -XX:ArchiveClassesAtExit}, asks it one decision
 * and one account, and stops it with SIGTERM. At exit the JVM writes every class the start and those
 * requests loaded that it can share into {@code app-cds.jsa} beside the jar. A start with
 * {@code -XX:SharedArchiveFile} then maps them instead of reading, verifying and linking each class
 * again.
 *
 * <p>The archive fits only the JDK build that wrote it and the jar at the path it was written for;
 * any other JVM says so in one warning line and starts without it. When the trial start fails (a
 * rules folder that does not compile, say), the build warns and writes none.
 *
 * <p>Argument: the work folder.
 */
public final class ClassArchiveTraining {

    /** The archive's name, beside {@code quarkus-run.jar}. */
    public static final String ARCHIVE = "app-cds.jsa";

    /**
     * README's example E4 as a stateless decision, which the rules alone decide (no ledger): 900 of
     * 1,000 of isolated margin removed, allowed by the shipped rules.
     */
    public static final String E4_DECISION = "{\"action\":\"REMOVE_MARGIN\",\"params\":{\"symbol\":\"BTCUSDT\","
            + "\"amount\":\"900\"},\"facts\":{\"account\":{\"accountId\":\"e4\",\"balances\":{\"USDT\":\"0\"}},"
            + "\"marginModes\":{\"BTCUSDT\":\"ISOLATED\"},\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"LONG\","
            + "\"quantity\":\"1\",\"entryPrice\":\"20000\",\"leverage\":\"20\",\"mode\":\"ISOLATED\","
            + "\"isolatedMargin\":\"1000\"}],\"orders\":[],\"markPrices\":{\"BTCUSDT\":\"20000\"}}}";

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path archive = ServiceProcess.jar().resolveSibling(ARCHIVE);
        long started = System.nanoTime();
        try {
            train(Path.of(args[0]), archive);
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

    private static void train(Path work, Path archive) throws Exception {
        // an archive of an earlier jar would only be refused at every start
        Files.deleteIfExists(archive);
        try (ServiceProcess service = ServiceProcess.in(work).jvmOptions(List.of("-XX:ArchiveClassesAtExit=" + archive))) {
            service.start();
            expectOk(service.send("platform", "POST", "/v1/decisions", new ObjectMapper().readTree(E4_DECISION)));
            expectOk(service.send("platform", "POST", "/v1/accounts",
                    Map.of("accountId", "training", "balances", Map.of("USDT", "10000"))));
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the JVM wrote no class archive (" + archive + "); see " + work);
        }
    }

    private static void expectOk(Answer answer) {
        if (!answer.ok()) {
            throw new IllegalStateException("the service answered " + answer.status() + ": " + answer.text());
        }
    }
}
