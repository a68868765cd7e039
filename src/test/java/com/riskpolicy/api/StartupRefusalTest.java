package com.riskpolicy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules that do not pass, with nothing recorded to fall back on: the service does not start, and
 * says why in one message, without a stack trace.
 */
@QuarkusMainTest
@TestProfile(StartupRefusalTest.BrokenRulesFreshDatabase.class)
class StartupRefusalTest {

    private static final Path FOLDER = Path.of("target/startup-refusal-rules");

    public static class BrokenRulesFreshDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            RuleFolder.copyOfShipped(FOLDER).replace("margin-mode.drl", "positionQuantity > 0", "positionQuantity >");
            Map<String, String> overrides = new HashMap<>(TestDatabase.named("startup-refusal"));
            overrides.put("policy.rules.dir", FOLDER.toString());
            return overrides;
        }
    }

    @Test
    void the_service_exits_with_status_1_printing_the_reason_and_every_error_alone(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();

        assertEquals(1, result.exitCode());
        String errors = result.getErrorOutput();
        assertTrue(errors.startsWith("The rules in " + FOLDER.toAbsolutePath().normalize() + " do not pass (1 error) and"
                + " no earlier rule set is recorded to serve instead, so the service does not start:"), errors);
        assertTrue(errors.contains("  margin-mode.drl:16:"), errors);
        String everything = result.getOutput() + errors;
        assertTrue(everything.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")), everything);
    }
}
