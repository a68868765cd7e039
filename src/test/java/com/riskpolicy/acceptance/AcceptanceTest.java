package com.riskpolicy.acceptance;

import io.quarkiverse.cucumber.CucumberOptions;
import io.quarkiverse.cucumber.CucumberQuarkusTest;

/**
 * Runs the Gherkin features in the top-level {@code features/} folder against the service: the one
 * this test starts, or a running one given by {@code -Dacceptance.baseUrl=http://host:8080}.
 * Every scenario is a test of its own; an undefined or pending step fails it. The runner prints the
 * scenarios as it goes (pretty) and writes an HTML and a JSON report under target/cucumber-reports.
 */
@CucumberOptions(
        features = "features",
        glue = "com.riskpolicy.acceptance",
        plugin = {"html:target/cucumber-reports/cucumber.html", "json:target/cucumber-reports/cucumber.json"})
public class AcceptanceTest extends CucumberQuarkusTest {

    public static void main(String[] args) {
        runMain(AcceptanceTest.class, args);
    }
}
