package com.riskpolicy.api;

import static com.riskpolicy.api.RuleProposalsTest.activeRevision;
import static com.riskpolicy.api.RuleProposalsTest.as;
import static com.riskpolicy.api.RuleProposalsTest.propose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The policy examples over HTTP: run on the rules in force, on a validation, a proposal and a reload. */
@QuarkusTest
class PolicyExamplesResourceTest {

    private static final String EXAMPLES = "examples/isolated-margin.csv";
    /** The line of example E4 in the shipped {@value #EXAMPLES}. */
    private static final int E4_LINE = 8;

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @AfterEach
    void putTheShippedRulesBack() {
        rules.restoreAndReload();
    }

    private String tightenedRule() {
        return rules.read("isolated-margin.drl").replace(RuleFolder.MAINTENANCE_RULE, RuleFolder.INITIAL_RULE);
    }

    @Test
    void every_role_runs_the_examples_of_the_rules_in_force_and_sees_every_rule_covered() {
        as("auditor", "auditor").get("/v1/rules/examples").then().statusCode(200)
                .body("examples", greaterThanOrEqualTo(40)).body("failures", hasSize(0)).body("tableErrors", hasSize(0))
                .body("rules", equalTo(22)).body("covered", equalTo(22)).body("uncovered", hasSize(0));
        as("platform", "platform").get("/v1/rules/examples").then().statusCode(200).body("rules", equalTo(22));
        as("platform", "platform").post("/v1/rules/validate").then().statusCode(403);
    }

    @Test
    void a_validation_reports_the_example_a_change_breaks_at_its_file_and_line() {
        as("officer", "officer").contentType(ContentType.JSON).body(Map.of("files", Map.of("isolated-margin.drl", tightenedRule())))
                .post("/v1/rules/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.file", hasItem(EXAMPLES)).body("errors.line", hasItem(E4_LINE))
                .body("examples.failures[0].file", equalTo(EXAMPLES))
                .body("examples.failures[0].line", equalTo(E4_LINE))
                .body("examples.failures[0].example", startsWith("E4: "))
                .body("examples.failures[0].expected", equalTo("ALLOW"))
                .body("examples.failures[0].got", startsWith("DENY [MAINTENANCE_MARGIN_BREACH], rules fired: "));
    }

    @Test
    void a_proposal_that_breaks_an_example_is_invalid_though_its_rules_pass_the_self_test() {
        String before = activeRevision();

        propose("officer", Map.of("isolated-margin.drl", tightenedRule()), "Tighten removals").then().statusCode(201)
                .body("status", equalTo("INVALID")).body("selfTest", equalTo("PASSED"))
                .body("examples.failures.example", hasItem(startsWith("E4: ")))
                .body("errors.file", hasItem(EXAMPLES));

        assertEquals(before, activeRevision());
    }

    @Test
    void a_new_example_table_with_a_mistake_is_an_error_at_its_line_and_column() {
        String table = "example,action,symbol,amount,expect\nremove,REMOVE_MARGIN,BTCUSDT,lots,ALLOW\n";

        propose("officer", Map.of("examples/mine.csv", table), "A new example").then().statusCode(201)
                .body("status", equalTo("INVALID"))
                .body("examples.tableErrors[0].file", equalTo("examples/mine.csv"))
                .body("examples.tableErrors[0].line", equalTo(2)).body("examples.tableErrors[0].column", equalTo(30))
                .body("examples.tableErrors[0].message", equalTo("amount must be a decimal number, got 'lots'"))
                .body("filesChanged[0].file", equalTo("examples/mine.csv"));
    }

    @Test
    void an_example_table_is_named_inside_the_examples_folder_and_nowhere_else() {
        as("officer", "officer").contentType(ContentType.JSON)
                .body(Map.of("files", Map.of("examples/../escape.csv", "x"), "reason", "Out of the folder"))
                .post("/v1/rules/proposals").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", startsWith("files")).body("errors[0].message", containsString("examples/ and a plain .csv file name"));
    }

    @Test
    void a_reload_of_a_folder_whose_example_fails_is_refused_and_the_rules_in_force_keep_serving() {
        String before = activeRevision();
        rules.write("isolated-margin.drl", tightenedRule());

        as("officer", "officer").contentType(ContentType.JSON).body("{}").post("/v1/rules/reload").then().statusCode(422)
                .body("errors.file", hasItem(EXAMPLES)).body("errors.line", hasItem(E4_LINE));

        assertEquals(before, activeRevision());
    }
}
