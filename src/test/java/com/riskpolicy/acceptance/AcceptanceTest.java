package com.riskpolicy.acceptance;

import io.quarkiverse.cucumber.CucumberOptions;
import io.quarkiverse.cucumber.CucumberQuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * Runs the Gherkin features in the top-level {@code features/} folder against the service: the one
 * this test starts, or a running one given by {@code -Dacceptance.baseUrl=http://host:8080}.
 * Every scenario is a test of its own; an undefined or pending step fails it. The runner prints the
 * scenarios as it goes (pretty) and writes an HTML and a JSON report under target/cucumber-reports.
 */
@TestProfile(AcceptanceTest.WatchedRulesFolder.class)
@CucumberOptions(
        features = "features",
        glue = "com.riskpolicy.acceptance",
        plugin = {"html:target/cucumber-reports/cucumber.html", "json:target/cucumber-reports/cucumber.json"})
public class AcceptanceTest extends CucumberQuarkusTest {

    /**
     * The service watches its rules folder, as in production: a saved edit is proposed by the folder
     * watcher (rule-governance.feature). Its quiet time leaves an officer who edits and reloads at once
     * the proposer of what they reloaded; the watcher then finds that proposal open.
     */
    public static class WatchedRulesFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("policy.rules.watch", "true", "policy.rules.watch-debounce", "PT3S");
        }
    }

    public static void main(String[] args) {
        runMain(AcceptanceTest.class, args);
    }
}
