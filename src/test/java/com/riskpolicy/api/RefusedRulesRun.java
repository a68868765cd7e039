package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Two runs of the service on one file database and one rules folder under target/, as a restart
 * would find them: {@code RefusedRulesFirstRunTest} starts on a fresh database and leaves a refused
 * file in the folder; {@code RefusedRulesRestartTest} starts again on what it left. Quarkus runs
 * test classes of different profiles in the order of their class names, so the first run comes
 * first; the restart alone finds no database and fails to start. Both run on a desk of one
 * ({@code policy.rules.approvals-required=0}), where the watcher activates the fixed folder; where
 * approvals are required it proposes it ({@link GovernedRulesFolderWatcherTest}).
 */
final class RefusedRulesRun {

    static final Path HOME = Path.of("target/refused-rules-run");
    static final Path FOLDER = HOME.resolve("rules");

    /** A margin-mode rule with its value deleted: margin-mode.drl:16. */
    static final String BROKEN_FROM = "positionQuantity > 0";
    static final String BROKEN_TO = "positionQuantity >";

    private RefusedRulesRun() {
    }

    private static Map<String, String> config(boolean watch) {
        Map<String, String> config = new HashMap<>(TestDatabase.kept("refused-rules-run", HOME.resolve("db").toString()));
        config.putAll(Map.of("policy.rules.dir", FOLDER.toString(),
                "policy.rules.watch", Boolean.toString(watch),
                "policy.rules.watch-debounce", "PT0.2S",
                "policy.rules.approvals-required", "0",
                // a restart keeps what the first run wrote (other test profiles start on an empty schema)
                "quarkus.flyway.clean-at-start", "false"));
        return config;
    }

    /** A fresh database and a copy of the shipped rules. */
    public static class FirstRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestFiles.deleteTree(HOME);
            RuleFolder.copyOfShipped(FOLDER);
            return config(false);
        }
    }

    /** Whatever the first run left, with the folder watched. */
    public static class Restart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return config(true);
        }
    }
}
