package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two runs of the service on one database, as a restart would find it: {@code MarginCallFirstRunTest}
 * raises a margin call; {@code MarginCallRestartTest} starts again on what it left (Quarkus runs test
 * classes of different profiles in the order of their class names, so the first run comes first).
 */
final class MarginCallRun {

    static final Path HOME = Path.of("target/margin-call-run");
    static final String TRADER = "margin-called-after-restart";

    private MarginCallRun() {
    }

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>(TestDatabase.kept("margin-call-run", HOME.resolve("db").toString()));
        // a restart keeps what the first run wrote (other test profiles start on an empty schema)
        config.put("quarkus.flyway.clean-at-start", "false");
        return config;
    }

    /** A fresh database. */
    public static class FirstRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            delete(HOME);
            return config();
        }
    }

    /** Whatever the first run left. */
    public static class Restart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return config();
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
