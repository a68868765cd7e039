package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static com.riskpolicy.console.ConsoleBrowser.as;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.riskpolicy.ruleops.ActivationSource;
import com.riskpolicy.ruleops.RuleOperations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's rules pages without a browser: what they answer for an unknown file, revision or
 * rule (a 404 page naming it), a rollback's confirmation and outcome, who may roll back, and where
 * a rule's link leads.
 */
@QuarkusTest
class RulesPagesTest {

    private static final String UNKNOWN = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private static final String REMOVAL_RULE = "Removing margin must leave the maintenance margin covered";
    private static final String REMOVAL_ANCHOR = "rule-removing-margin-must-leave-the-maintenance-margin-covered";

    /** The folder the test service serves (application.properties, %test). */
    private static final Path FOLDER = Path.of("target/test-rules");

    @Inject
    RuleOperations operations;

    private static Response page(String user, String path) {
        return as(user).redirects().follow(false).get(path);
    }

    private static Response rollBack(String user, String revision) {
        return as(user).redirects().follow(false).contentType(ContentType.URLENC).formParam("revision", revision)
                .post("/console/rules/rollback");
    }

    @Test
    void the_rules_page_shows_the_revision_in_force_and_links_each_of_its_files() {
        String active = activeRevision();
        Response rules = page("auditor", "/console/rules");
        rules.then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<code id=\"active-revision\">" + active + "</code>"))
                .body(containsString("href=\"/console/rules/files/risk-tiers.csv\""))
                .body(containsString("href=\"/console/rules/files/isolated-margin.drl\""))
                .body(containsString("href=\"/console/rules/files/examples/isolated-margin.csv\""));
    }

    @Test
    void a_file_is_shown_readably_a_table_as_a_table_and_each_rule_at_an_anchor() {
        page("auditor", "/console/rules/files/risk-tiers.csv").then().statusCode(200)
                .body(containsString("<th scope=\"col\">max_leverage</th>"))
                .body(containsString("<td>BTCUSDT</td><td>1</td><td>0</td><td>50000</td><td>125</td>"));
        page("auditor", "/console/rules/files/isolated-margin.drl").then().statusCode(200)
                .body(containsString("<tr id=\"" + REMOVAL_ANCHOR + "\" class=\"rule-declaration\">"))
                .body(containsString("rule &quot;" + REMOVAL_RULE + "&quot;"));
        page("auditor", "/console/rules/files/isolated-margin.drl?revision=" + activeRevision()).then().statusCode(200);
    }

    @Test
    void an_unknown_file_revision_or_rule_is_a_404_page_that_names_it() {
        page("auditor", "/console/rules/files/nowhere.drl").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("has no file nowhere.drl"));
        page("auditor", "/console/rules/files/leverage.drl?revision=" + UNKNOWN).then().statusCode(404)
                .body(containsString("No rule set " + UNKNOWN + " was ever activated"));
        page("auditor", "/console/rules/diff?from=" + UNKNOWN + "&to=" + activeRevision()).then().statusCode(404)
                .body(containsString("No rule set " + UNKNOWN + " was ever activated"));
        page("auditor", "/console/rules/diff?to=" + UNKNOWN).then().statusCode(404);
        page("officer", "/console/rules/rollback?revision=" + UNKNOWN).then().statusCode(404)
                .body(containsString("No rule set " + UNKNOWN + " was ever activated"));
        page("auditor", "/console/rules/rule?name=Nobody wrote this rule").then().statusCode(404)
                .body(containsString("declares the rule “Nobody wrote this rule”"));
        page("auditor", "/console/rules/rule?name=" + REMOVAL_RULE + "&revision=" + UNKNOWN).then().statusCode(404);
    }

    @Test
    void a_rule_link_leads_to_the_file_of_the_active_revision_that_declares_it_at_the_rule() {
        page("auditor", "/console/rules/rule?name=" + REMOVAL_RULE).then().statusCode(303)
                .header("Location", endsWith("/console/rules/files/isolated-margin.drl#" + REMOVAL_ANCHOR));
        page("auditor", "/console/rules/rule?name=" + REMOVAL_RULE + "&revision=" + activeRevision()).then().statusCode(303)
                .header("Location", endsWith("/console/rules/files/isolated-margin.drl#" + REMOVAL_ANCHOR));
        // a name with a per cent sign and an apostrophe, as a decision page encodes it
        as("auditor").redirects().follow(false).urlEncodingEnabled(false)
                .get("/console/rules/rule?name=In+isolated+margin+mode+a+position+is+liquidated+when+its+own+risk+ratio+reaches+100+%25")
                .then().statusCode(303).header("Location", endsWith("/console/rules/files/liquidation.drl"
                        + "#rule-in-isolated-margin-mode-a-position-is-liquidated-when-its-own-risk-ratio-reaches-100"));
    }

    @Test
    void a_rollback_to_a_revision_never_activated_is_named_and_changes_nothing() {
        String before = activeRevision();
        rollBack("officer", UNKNOWN).then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("No rule set " + UNKNOWN + " was ever activated: nothing was rolled back."))
                .body(containsString("role=\"alert\""));
        rollBack("officer", " ").then().statusCode(400).body(containsString("revision: name the revision to roll back to."));
        assertEquals(before, activeRevision());
    }

    @Test
    void an_auditor_is_offered_no_rollback_and_may_not_post_one() {
        String started = activeRevision();
        try {
            CommentedRevision.activate("(offered no rollback)");
            page("officer", "/console/rules").then().statusCode(200)
                    .body(containsString("href=\"/console/rules/rollback?revision=" + started + "\""));
            page("auditor", "/console/rules").then().statusCode(200)
                    .body(not(containsString("Roll back to this revision")));
            page("auditor", "/console/rules/rollback?revision=" + started).then().statusCode(200)
                    .body(not(containsString("id=\"confirm-rollback\""))).body(containsString("Only a risk officer rolls back."));
            rollBack("auditor", started).then().statusCode(403);
            assertNotEquals(started, activeRevision());
        } finally {
            CommentedRevision.rollBackTo(started);
        }
    }

    @Test
    void a_rollback_is_confirmed_with_what_changes_and_then_activated_at_once_when_approved_before() {
        String started = activeRevision();
        try {
            String commented = CommentedRevision.activate("(rolled back from the console)");
            page("auditor", "/console/rules/diff?from=" + started + "&to=" + commented).then().statusCode(200)
                    .body(containsString("<td class=\"old removed\">" + CommentedRevision.SHIPPED_LINE + "</td>"))
                    .body(containsString("<td class=\"new added\">" + CommentedRevision.changedLine("(rolled back from the console)")
                            + "</td>"));
            page("officer", "/console/rules/rollback?revision=" + started).then().statusCode(200)
                    .body(containsString("<code>isolated-margin.drl</code> is modified"))
                    .body(containsString("It is activated at once"))
                    .body(containsString("href=\"/console/rules/diff?from=" + commented + "&amp;to=" + started + "\""));

            rollBack("officer", started).then().statusCode(303).header("Location", allOf(
                    containsString("/console/rules?rollback=ACTIVATED&revision=" + started.replace(":", "%3A")),
                    endsWith("#rollback-outcome")));
            assertEquals(started, activeRevision());
            page("officer", "/console/rules?rollback=ACTIVATED&revision=" + started).then().statusCode(200)
                    .body(containsString("Rolled back: revision <code>" + started + "</code> is in force."));
        } finally {
            CommentedRevision.rollBackTo(started);
        }
    }

    @Test
    void a_rollback_to_a_revision_nobody_approved_opens_a_proposal_the_outcome_links() throws IOException {
        String started = activeRevision();
        Path file = FOLDER.resolve(CommentedRevision.FILE);
        String shipped = Files.readString(file);
        String unapproved;
        try {
            // activated without approval, as on a desk of one before approvals were required
            Files.writeString(file, shipped + "// activated without approval (console)\n");
            unapproved = operations.reload(ActivationSource.RELOAD, "officer").revision();
        } finally {
            Files.writeString(file, shipped);
        }
        CommentedRevision.rollBackTo(started);

        page("officer", "/console/rules/rollback?revision=" + unapproved).then().statusCode(200)
                .body(containsString("It is not activated yet"))
                .body(containsString("Confirm: propose the rollback"));
        Response rolledBack = rollBack("officer", unapproved);
        rolledBack.then().statusCode(303).header("Location", containsString("rollback=PROPOSED"));
        String location = rolledBack.header("Location");
        long proposal = Long.parseLong(location.replaceAll(".*[?&]proposal=(\\d+).*", "$1"));
        try {
            assertEquals(started, activeRevision());
            as("officer").urlEncodingEnabled(false).get(location.substring(location.indexOf("/console/"), location.indexOf('#')))
                    .then().statusCode(200)
                    .body(containsString("<a id=\"rollback-proposal\" href=\"/console/proposals/" + proposal + "\">"));
        } finally {
            as("approver").body(Map.of("reason", "A test's rollback, not meant to be approved"))
                    .post("/v1/rules/proposals/" + proposal + "/rejections").then().statusCode(200);
        }
    }
}
