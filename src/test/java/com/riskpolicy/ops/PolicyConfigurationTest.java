package com.riskpolicy.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.RuleEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service starts only on rules that compile, and says why when they do not. */
class PolicyConfigurationTest {

    @TempDir
    Path folder;

    private void copyShippedRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void the_shipped_rules_start_the_engine() {
        RuleEngine engine = new PolicyConfiguration().ruleEngine("rules", 1, 100, new RuleFailureMetrics(new SimpleMeterRegistry()));
        assertTrue(engine.isReady());
    }

    @Test
    void startup_fails_naming_the_file_line_and_column_of_each_error() throws IOException {
        copyShippedRules();
        Path drl = folder.resolve("margin-mode.drl");
        Files.writeString(drl, Files.readString(drl).replace("positionQuantity > 0", "positionQuantity >"));
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new PolicyConfiguration().ruleEngine(folder.toString(), 1, 100, new RuleFailureMetrics(new SimpleMeterRegistry())));
        assertTrue(failure.getMessage().contains("margin-mode.drl:16:"), failure.getMessage());
    }

    @Test
    void startup_fails_when_the_rules_folder_is_missing() {
        assertThrows(RuntimeException.class,
                () -> new PolicyConfiguration().ruleEngine(folder.resolve("absent").toString(), 1, 100, new RuleFailureMetrics(new SimpleMeterRegistry())));
    }
}
