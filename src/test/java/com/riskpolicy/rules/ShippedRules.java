package com.riskpolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rules folder the project ships, compiled once for the engine-level tests. */
public final class ShippedRules {

    public static final Path FOLDER = Path.of("rules");

    private static RuleEngine engine;

    // Outside Quarkus nothing configures logging, and Drools would format a trace line for every fact
    // it inserts; the service's own settings (application.properties) say WARN. Held here so the
    // loggers, and their levels, are not garbage collected.
    private static final List<java.util.logging.Logger> QUIET = Stream.of("org.drools", "org.kie")
            .map(java.util.logging.Logger::getLogger).toList();

    static {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
    }

    private ShippedRules() {
    }

    public static synchronized RuleEngine engine() {
        if (engine == null) {
            engine = engine(FOLDER);
        }
        return engine;
    }

    public static RuleEngine engine(Path folder) {
        RuleEngine fresh = new RuleEngine(new RuleSetCompiler(2, 1000), folder);
        try {
            fresh.reload();
        } catch (RuleCompilationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        return fresh;
    }

    /** Copies the shipped rule files, the policy examples among them, into {@code folder}. */
    public static void copyTo(Path folder) {
        copy(FOLDER, folder);
    }

    /** Copies the rule files of {@code from}, the policy examples among them, into {@code to}, replacing files there. */
    public static void copy(Path from, Path to) {
        try {
            for (var file : RuleFiles.read(from).contents().entrySet()) {
                Path target = to.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy examples of the removal rule. */
    public static final String REMOVAL_EXAMPLES = "examples/isolated-margin.csv";

    /**
     * The removal rule's examples ({@value #REMOVAL_EXAMPLES}) updated as a risk officer updates them
     * when the rule is tightened to keep the initial margin covered: they name the rule by its new
     * name, and the documentation's E4 (remove 900 of 1,000) is now denied.
     */
    public static String tightenedRemovalExamples(String examples) {
        String e4Allowed = "1000,20000,900,,ALLOW,,";
        String initialRule = "Removing margin must leave the initial margin covered";
        if (!examples.contains(e4Allowed)) {
            throw new AssertionError(REMOVAL_EXAMPLES + " no longer holds E4 as allowed: " + e4Allowed);
        }
        return examples.replace("Removing margin must leave the maintenance margin covered", initialRule)
                .replace(e4Allowed, "1000,20000,900,,DENY,MAINTENANCE_MARGIN_BREACH," + initialRule);
    }

    public static RuleSet active() {
        return engine().active();
    }

    /**
     * The documentation's E4 as the body of a stateless decision ({@code POST /v1/decisions}): an
     * isolated LONG 1 BTCUSDT at 20,000 with 1,000 of margin, remove 900 — allowed by these rules.
     */
    public static Map<String, Object> removeNineHundred() {
        return Map.of("action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", "900"),
                "facts", Map.of("account", Map.of("accountId", "e4", "balances", Map.of("USDT", "5000")),
                        "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                        "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                                "entryPrice", "20000", "leverage", "20", "mode", "ISOLATED", "isolatedMargin", "1000")),
                        "orders", List.of(), "markPrices", Map.of("BTCUSDT", "20000")));
    }
}
