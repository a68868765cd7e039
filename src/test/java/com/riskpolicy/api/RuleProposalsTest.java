package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.rules.ShippedRules;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Governed rule changes with one approval required (the default): a second risk officer approves what the first
 * proposed, the proposer cannot approve alone, an invalid proposal can never be approved, and a
 * proposal made on an older revision must be proposed again.
 */
@QuarkusTest
class RuleProposalsTest {

    /** The demo users' second risk officer. */
    static final String SECOND_OFFICER = "approver";
    private static final String SECOND_PASSWORD = "approver";

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @AfterEach
    void putTheShippedRulesBack() {
        rules.restoreAndReload();
    }

    @Test
    void a_second_officer_approves_and_the_proposal_is_activated_with_its_reason_and_approvers() {
        String before = activeRevision();
        Response proposed = propose("officer", tightened(), "Removals must keep the initial margin covered");
        proposed.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", endsWith("/v1/rules/proposals/" + proposed.jsonPath().getLong("proposalId")))
                .body("status", equalTo("OPEN")).body("proposedBy", equalTo("officer"))
                .body("baseRevision", equalTo(before)).body("revision", not(equalTo(before)))
                .body("selfTest", equalTo("PASSED")).body("errors", hasSize(0)).body("approvals", hasSize(0))
                .body("approvalsRequired", equalTo(1))
                .body("filesChanged", equalTo(List.of(Map.of("file", "examples/isolated-margin.csv", "change", "MODIFIED"),
                        Map.of("file", "isolated-margin.drl", "change", "MODIFIED"))))
                .body("diff[1].file", equalTo("isolated-margin.drl"))
                .body("diff[1].unified", containsString("\n-rule \"Removing margin must leave the maintenance margin covered\""))
                .body("diff[1].unified", containsString("\n+rule \"Removing margin must leave the initial margin covered\""))
                .body("examples.failures", hasSize(0)).body("examples.covered", equalTo(22));
        long id = proposed.jsonPath().getLong("proposalId");
        assertEquals(before, activeRevision(), "a proposal changes nothing until it is approved");
        assertEquals("ALLOW", removalOutcome());

        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("approvals[0].by", equalTo(SECOND_OFFICER))
                .body("decidedBy", equalTo(SECOND_OFFICER));

        assertEquals(proposed.jsonPath().getString("revision"), activeRevision());
        assertEquals("DENY", removalOutcome());
        JsonPath latest = as("auditor", "auditor").get("/v1/rules/revisions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("PROPOSAL", latest.getString("[0].source"));
        assertEquals(id, latest.getLong("[0].proposalId"));
        assertEquals("Removals must keep the initial margin covered", latest.getString("[0].reason"));
        assertEquals(List.of(SECOND_OFFICER), latest.getList("[0].approvedBy"));
        assertEquals(SECOND_OFFICER, latest.getString("[0].activatedBy"));
    }

    @Test
    void the_impact_on_the_logged_decisions_is_attached_in_the_background() {
        String decisionId = as("platform", "platform").contentType(ContentType.JSON).body(ShippedRules.removeNineHundred())
                .post("/v1/decisions").then().statusCode(200).body("decision", equalTo("ALLOW"))
                .extract().jsonPath().getString("decisionId");
        long id = propose("officer", tightened(), "Tighten removals").then().statusCode(201)
                .body("impact.status", equalTo("PENDING")).extract().jsonPath().getLong("proposalId");

        JsonPath proposal = Await.until(() -> as("auditor", "auditor").get("/v1/rules/proposals/" + id).jsonPath(),
                read -> !"PENDING".equals(read.getString("impact.status")), Duration.ofSeconds(30));
        assertEquals("READY", proposal.getString("impact.status"), proposal::prettify);
        assertEquals(1000, proposal.getInt("impact.decisions"));
        assertTrue(proposal.getInt("impact.report.allowToDeny") >= 1, proposal::prettify);
        List<String> flipped = proposal.getList("impact.report.examples.findAll { it.change == 'ALLOW_TO_DENY' }.decisionId");
        assertTrue(flipped.contains(decisionId), () -> decisionId + " is not among the flips: " + proposal.prettify());
    }

    @Test
    void the_proposer_cannot_approve_their_own_proposal() {
        String before = activeRevision();
        long id = propose("officer", tightened(), "Tighten removals").then().statusCode(201).extract().jsonPath().getLong("proposalId");

        as("officer", "officer").post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0].rule", equalTo(RuleProposals.FOUR_EYES))
                .body("detail", containsString(RuleProposals.FOUR_EYES));

        as("auditor", "auditor").get("/v1/rules/proposals/" + id).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("approvals", hasSize(0));
        assertEquals(before, activeRevision());
    }

    @Test
    void a_proposal_that_does_not_compile_is_invalid_and_can_never_be_approved() {
        String broken = rules.read("isolated-margin.drl").replace("marginBalanceAfter <= maintenanceMargin )",
                "marginBalanceAfter <= maintenanceMargin");
        Response proposed = propose("officer", Map.of("isolated-margin.drl", broken), "A typo");
        proposed.then().statusCode(201).body("status", equalTo("INVALID")).body("selfTest", equalTo("NOT_RUN"))
                .body("impact.status", equalTo("NONE"))
                .body("errors[0].file", equalTo("isolated-margin.drl")).body("errors[0].line", greaterThan(1));
        long id = proposed.jsonPath().getLong("proposalId");

        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("INVALID"));
        as("officer", "officer").post("/v1/rules/proposals/" + id + "/withdrawal").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"));
    }

    @Test
    void an_officer_rejects_with_a_reason_and_only_the_proposer_withdraws() {
        long rejected = propose("officer", tightened(), "Tighten removals").jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_PASSWORD).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/v1/rules/proposals/" + rejected + "/rejections").then().statusCode(400)
                .body("errors[0].field", containsString("reason"));
        as(SECOND_OFFICER, SECOND_PASSWORD).contentType(ContentType.JSON).body(Map.of("reason", "Not before the quarter ends"))
                .post("/v1/rules/proposals/" + rejected + "/rejections").then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("decidedBy", equalTo(SECOND_OFFICER))
                .body("decisionReason", equalTo("Not before the quarter ends"));
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + rejected + "/approvals").then().statusCode(409);

        long withdrawn = propose("officer", tightened(), "Tighten removals, again").jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + withdrawn + "/withdrawal").then().statusCode(403)
                .body("errors[0].rule", equalTo(RuleProposals.PROPOSER_WITHDRAWS));
        as("officer", "officer").post("/v1/rules/proposals/" + withdrawn + "/withdrawal").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"));

        as("auditor", "auditor").get("/v1/rules/proposals?status=WITHDRAWN").then().statusCode(200)
                .body("proposalId", hasItem((int) withdrawn)).body("status", not(hasItem("OPEN")));
        as("auditor", "auditor").get("/v1/rules/proposals?status=PENDING").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void a_proposal_made_before_another_activation_is_superseded_and_must_be_proposed_again() {
        long older = propose("officer", tightened(), "Tighten removals").jsonPath().getLong("proposalId");
        long newer = propose("officer", Map.of("isolated-margin.drl", rules.read("isolated-margin.drl") + "\n// reviewed\n"),
                "A note in the file").jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + newer + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED"));

        as("auditor", "auditor").get("/v1/rules/proposals/" + older).then().statusCode(200).body("status", equalTo("SUPERSEDED"));
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + older + "/approvals").then().statusCode(409)
                .body("detail", containsString("SUPERSEDED"));
    }

    @Test
    void a_rollback_to_an_approved_revision_is_recorded_with_its_approval() {
        Response tightening = propose("officer", tightened(), "Removals must keep the initial margin covered");
        long tightened = tightening.jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + tightened + "/approvals").then().statusCode(200);
        long noted = propose("officer", Map.of("isolated-margin.drl", rules.read("isolated-margin.drl") + "\n// reviewed\n"),
                "A note in the file").jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_PASSWORD).post("/v1/rules/proposals/" + noted + "/approvals").then().statusCode(200);

        as("officer", "officer").contentType(ContentType.JSON).body(Map.of("revision", tightening.jsonPath().getString("revision")))
                .post("/v1/rules/rollback").then().statusCode(200).body("activated", equalTo(true));

        JsonPath latest = as("auditor", "auditor").get("/v1/rules/revisions?limit=1").jsonPath();
        assertEquals("ROLLBACK", latest.getString("[0].source"));
        assertEquals("officer", latest.getString("[0].activatedBy"));
        assertEquals(tightened, latest.getLong("[0].proposalId"));
        assertEquals("Removals must keep the initial margin covered", latest.getString("[0].reason"));
        assertEquals(List.of(SECOND_OFFICER), latest.getList("[0].approvedBy"));
        assertEquals("DENY", removalOutcome());
    }

    @Test
    void a_proposal_that_changes_nothing_is_refused_and_auditors_only_read() {
        propose("officer", Map.of("isolated-margin.drl", rules.read("isolated-margin.drl")), "Nothing").then().statusCode(409)
                .contentType("application/problem+json");
        propose("auditor", tightened(), "Not mine to propose").then().statusCode(403);
        long id = propose("officer", tightened(), "Tighten removals").jsonPath().getLong("proposalId");
        as("auditor", "auditor").post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(403);
        as("platform", "platform").post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(403);
        as("auditor", "auditor").get("/v1/rules/proposals").then().statusCode(200).body("proposalId", hasItem((int) id));
        as("auditor", "auditor").get("/v1/rules/proposals/999999999").then().statusCode(404);
        as("officer", "officer").contentType(ContentType.JSON).body(Map.of("files", Map.of("../x.drl", "x"), "reason", "r"))
                .post("/v1/rules/proposals").then().statusCode(400);
        as("officer", "officer").contentType(ContentType.JSON).body(Map.of("files", tightened()))
                .post("/v1/rules/proposals").then().statusCode(400).body("errors[0].field", containsString("reason"));
    }

    private Map<String, String> tightened() {
        return rules.tightenedRemovals();
    }

    static Response propose(String user, Map<String, String> files, String reason) {
        return as(user, user).contentType(ContentType.JSON).body(Map.of("files", files, "reason", reason))
                .post("/v1/rules/proposals");
    }

    static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    static String activeRevision() {
        return as("auditor", "auditor").get("/v1/rules").jsonPath().getString("revision");
    }

    static String removalOutcome() {
        return as("platform", "platform").contentType(ContentType.JSON).body(ShippedRules.removeNineHundred())
                .post("/v1/decisions").then().statusCode(200).extract().jsonPath().getString("decision");
    }
}
