package com.riskpolicy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.ruleops.RuleProposals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's editor and proposal pages without a browser: what they answer to a form, to a
 * refusal, to an unknown proposal and to an auditor. None of these tests activates anything.
 */
@QuarkusTest
class EditPagesTest {

    static final String FILE = "isolated-margin.drl";
    static final String FIRST_RULE = "rule \"Margin can only be adjusted on an open position\"";

    /** The shipped text of {@link #FILE}, which the test service serves. */
    static String shipped() {
        try {
            return Files.readString(Path.of("rules", FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the shipped file that starts with {@code start}. */
    static int lineOf(String text, String start) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(FILE + " no longer has a line starting " + start);
    }

    /** {@code text} with {@code inserted} put in as line {@code line}. */
    static String inserting(String text, int line, String inserted) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.add(line - 1, inserted);
        return String.join("\n", lines) + "\n";
    }

    static RequestSpecification form(String user) {
        // as a browser sends a form of a UTF-8 page (the rule files are UTF-8, with dashes and arrows)
        return given().auth().preemptive().basic(user, user).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .redirects().follow(false);
    }

    private static String activeRevision() {
        return ConsoleBrowser.activeRevision();
    }

    private static long newestProposal() {
        List<Integer> ids = ConsoleBrowser.as("auditor").get("/v1/rules/proposals?limit=1").jsonPath().getList("proposalId");
        return ids.isEmpty() ? 0 : ids.get(0);
    }

    @Test
    void validating_a_file_with_a_syntax_error_names_the_error_at_its_line_and_marks_that_line() {
        String text = shipped();
        int broken = lineOf(text, FIRST_RULE);
        form("officer").formParam("file", FILE).formParam("text", inserting(text, broken, "this is not a rule"))
                .formParam("intent", "validate")
                .post("/console/edit").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<span id=\"verdict\" class=\"bad\">not valid</span>"))
                .body(containsString("<code>" + FILE + ":" + broken + ":"))
                .body(containsString("<mark id=\"line-" + broken + "\" class=\"bad\">"))
                .body(containsString("this is not a rule</mark>"))
                .body(containsString("<span id=\"line-1\">"))
                .body(containsString("Not run: the rule set does not compile."))
                .body(containsString("Shown once the file is valid"));
    }

    @Test
    void a_valid_file_shows_its_examples_and_its_impact_and_lines_a_browser_ends_by_cr_lf_are_the_file_s_own() {
        form("officer").formParam("file", FILE).formParam("text", shipped().replace("\n", "\r\n"))
                .formParam("intent", "validate")
                .post("/console/edit").then().statusCode(200)
                .body(containsString("<span id=\"verdict\" class=\"ok\">valid</span>"))
                // the same text as the rule set in force: the same revision
                .body(containsString("<code id=\"candidate-revision\">" + activeRevision() + "</code>"))
                .body(containsString("examples pass."))
                .body(containsString("<p id=\"impact-summary\">"));
    }

    @Test
    void proposing_a_file_that_does_not_pass_proposes_nothing() {
        long before = newestProposal();
        String revision = activeRevision();
        form("officer").formParam("file", FILE).formParam("text", "rule \"broken\" when then end end")
                .formParam("reason", "Broken on purpose").formParam("intent", "propose")
                .post("/console/edit").then().statusCode(422)
                .body(containsString("Not proposed: the file does not pass validation"))
                .body(containsString("<ul id=\"errors\" role=\"alert\""));
        assertEquals(before, newestProposal(), "nothing was proposed");
        assertEquals(revision, activeRevision());
    }

    @Test
    void a_field_the_editor_cannot_read_is_named_and_nothing_is_proposed() {
        long before = newestProposal();
        form("officer").formParam("file", "../secrets.drl").formParam("text", "x").formParam("reason", "r")
                .formParam("intent", "propose")
                .post("/console/edit").then().statusCode(400)
                .body(containsString("role=\"alert\"")).body(containsString("file: &#39;../secrets.drl&#39; is not a rule file&#39;s name"));
        form("officer").formParam("file", FILE).formParam("text", shipped() + "// more\n").formParam("intent", "propose")
                .post("/console/edit").then().statusCode(400).body(containsString("reason: give a reason"));
        form("officer").formParam("file", FILE).formParam("text", "x").formParam("intent", "activate")
                .post("/console/edit").then().statusCode(400)
                .body(containsString("intent: &#39;activate&#39; is neither validate nor propose"));
        given().auth().preemptive().basic("auditor", "auditor").get("/console/edit?file=../x.drl").then().statusCode(200)
                .body(containsString("file: &#39;../x.drl&#39; is not a rule file&#39;s name"));
        assertEquals(before, newestProposal(), "nothing was proposed");
    }

    @Test
    void a_proposal_that_changes_nothing_is_refused_on_the_page() {
        form("officer").formParam("file", FILE).formParam("text", shipped()).formParam("reason", "Nothing")
                .formParam("intent", "propose")
                .post("/console/edit").then().statusCode(409).body(containsString("The proposal changes nothing"));
    }

    @Test
    void the_proposer_approving_their_own_proposal_is_refused_on_its_page_and_a_withdrawn_one_cannot_be_approved() {
        String revision = activeRevision();
        String location = form("officer").formParam("file", FILE).formParam("text", shipped() + "// a note\n")
                .formParam("reason", "A note at the end").formParam("intent", "propose")
                .post("/console/edit").then().statusCode(303)
                .header("Location", containsString("/console/proposals/")).extract().header("Location");
        String page = location.substring(location.indexOf("/console/proposals/"));
        long id = Long.parseLong(page.substring("/console/proposals/".length()));

        given().auth().preemptive().basic("auditor", "auditor").get(page).then().statusCode(200)
                .body(containsString("<span id=\"status\" class=\"ok\">OPEN</span>"))
                .body(containsString("A note at the end")).body(containsString("<code>" + FILE + "</code> MODIFIED"))
                .body(not(containsString("id=\"approve\""))).body(not(containsString("id=\"reject\"")));
        form("officer").get(page).then().statusCode(200)
                .body(not(containsString("id=\"approve\""))).body(containsString("id=\"withdraw\""));
        form("approver").get(page).then().statusCode(200)
                .body(containsString("id=\"approve\"")).body(not(containsString("id=\"withdraw\"")));

        form("officer").post(page + "/approval").then().statusCode(403).contentType(ContentType.HTML)
                .body(containsString("role=\"alert\"")).body(containsString(RuleProposals.FOUR_EYES));
        form("approver").post(page + "/rejection").then().statusCode(400)
                .body(containsString("reason: give a reason"));
        form("officer").post(page + "/withdrawal").then().statusCode(303).header("Location", endsWith(page));
        form("approver").post(page + "/approval").then().statusCode(409)
                .body(containsString("Proposal " + id + " is WITHDRAWN and cannot be approved"));
        form("auditor").get("/console/proposals").then().statusCode(200)
                .body(containsString("<a href=\"/console/proposals/" + id + "\">"));
        assertEquals(revision, activeRevision(), "nothing was activated");
    }

    @Test
    void an_unknown_proposal_is_not_found() {
        form("auditor").get("/console/proposals/987654321").then().statusCode(404);
        form("officer").post("/console/proposals/987654321/approval").then().statusCode(404);
        form("officer").formParam("reason", "no").post("/console/proposals/987654321/rejection").then().statusCode(404);
        form("officer").post("/console/proposals/987654321/withdrawal").then().statusCode(404);
    }

    @Test
    void an_auditor_reads_the_editor_without_its_buttons_and_may_post_nothing() {
        form("auditor").get("/console/edit?file=" + FILE).then().statusCode(200)
                .body(containsString("readonly")).body(containsString(FIRST_RULE.replace("\"", "&quot;")))
                .body(not(containsString("id=\"validate\""))).body(not(containsString("id=\"propose\"")));
        form("auditor").formParam("file", FILE).formParam("text", shipped()).formParam("intent", "validate")
                .post("/console/edit").then().statusCode(403);
        form("auditor").post("/console/proposals/1/approval").then().statusCode(403);
        form("auditor").formParam("reason", "no").post("/console/proposals/1/rejection").then().statusCode(403);
        form("auditor").post("/console/proposals/1/withdrawal").then().statusCode(403);
        form("officer").get("/console/edit?file=" + FILE).then().statusCode(200)
                .body(containsString("id=\"validate\"")).body(containsString("id=\"propose\""));
        form("officer").get("/console/edit?file=examples/new-table.csv").then().statusCode(200)
                .body(containsString("(a new file)"));
    }

    @Test
    void the_editor_and_the_proposals_list_answer_every_console_user_but_the_platform() {
        form("platform").get("/console/edit").then().statusCode(403);
        form("platform").get("/console/proposals").then().statusCode(403);
        form("officer").get("/console/proposals").then().statusCode(200).body(containsString("Open proposals"));
        given().auth().preemptive().basic("officer", "officer").get("/console/editor.js").then().statusCode(200)
                .body(containsString("setSelectionRange"));
    }
}
