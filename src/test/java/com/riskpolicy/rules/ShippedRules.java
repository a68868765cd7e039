package com.riskpolicy.rules;

import java.nio.file.Path;
import java.util.List;
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

    public static RuleSet active() {
        return engine().active();
    }
}
