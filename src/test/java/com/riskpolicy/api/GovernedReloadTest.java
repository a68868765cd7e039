package com.riskpolicy.api;

import static com.riskpolicy.api.RuleProposalsTest.SECOND_OFFICER;
import static com.riskpolicy.api.RuleProposalsTest.activeRevision;
import static com.riskpolicy.api.RuleProposalsTest.as;
import static com.riskpolicy.api.RuleProposalsTest.removalOutcome;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.riskpolicy.ruleops.ActivationSource;
import com.riskpolicy.ruleops.GovernedRuleOperations;
import com.riskpolicy.ruleops.RuleOperations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reload and rollback where one approval is required (the default): a changed folder becomes a
 * proposal and nothing changes until another officer approves it; a rollback to a revision once
 * approved, or to the one the service started on, needs no new approval, to any other it opens a
 * proposal.
 */
@QuarkusTest
class GovernedReloadTest {

    /** A rule file the folder gains beside the tightened one: a reload proposes the whole folder. */
    private static final String NOTE = """
            package policy.note;
            """;

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @Inject
    RuleOperations operations;

    @BeforeEach
    @AfterEach
    void noOpenProposalsAndTheShippedRules() {
        List<Integer> open = as("auditor", "auditor").get("/v1/rules/proposals?status=OPEN").jsonPath().getList("proposalId");
        open.forEach(id -> as(SECOND_OFFICER, SECOND_OFFICER).contentType(ContentType.JSON)
                .body(Map.of("reason", "Left open by an earlier test")).post("/v1/rules/proposals/" + id + "/rejections")
                .then().statusCode(200));
        rules.restoreAndReload();
    }

    private static Response reload(String query) {
        return as("officer", "officer").post("/v1/rules/reload" + query);
    }

    private static Response rollback(String revision) {
        return as("officer", "officer").contentType(ContentType.JSON).body(Map.of("revision", revision))
                .post("/v1/rules/rollback");
    }

    private static JsonPath proposal(long id) {
        return as("auditor", "auditor").get("/v1/rules/proposals/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath latestRevision() {
        return as("auditor", "auditor").get("/v1/rules/revisions?limit=1").jsonPath();
    }

    @Test
    void a_reloaded_folder_becomes_a_proposal_and_is_in_force_only_once_another_officer_approves() {
        String shipped = activeRevision();
        rules.tightenRemovals();
        rules.write("note.drl", NOTE);

        Response reloaded = reload("?reason=Removals must keep the initial margin covered");
        reloaded.then().statusCode(202)
                .header("Location", endsWith("/v1/rules/proposals/" + reloaded.jsonPath().getLong("proposalId")))
                .body("status", equalTo("OPEN")).body("proposedBy", equalTo("officer"))
                .body("reason", equalTo("Removals must keep the initial margin covered"))
                .body("baseRevision", equalTo(shipped)).body("approvalsRequired", equalTo(1))
                .body("approvals", hasSize(0)).body("selfTest", equalTo("PASSED"))
                .body("filesChanged", containsInAnyOrder(Map.of("file", "isolated-margin.drl", "change", "MODIFIED"),
                        Map.of("file", "examples/isolated-margin.csv", "change", "MODIFIED"),
                        Map.of("file", "note.drl", "change", "ADDED")))
                .body("diff", hasSize(3));
        long id = reloaded.jsonPath().getLong("proposalId");
        String proposed = reloaded.jsonPath().getString("revision");

        assertEquals(shipped, activeRevision());
        assertEquals("ALLOW", removalOutcome());
        as("auditor", "auditor").get("/v1/rules").then()
                .body("lastReload.outcome", equalTo("PROPOSED")).body("lastReload.source", equalTo("RELOAD"))
                .body("lastReload.by", equalTo("officer")).body("lastReload.revision", equalTo(proposed))
                .body("lastReload.proposalId", equalTo((int) id)).body("servesFolder", equalTo(false));

        reload("").then().statusCode(202).body("proposalId", equalTo((int) id));
        assertEquals(1, as("auditor", "auditor").get("/v1/rules/proposals?status=OPEN").jsonPath().getList("proposalId").size(),
                "reloading the same folder again opens no second proposal");

        as(SECOND_OFFICER, SECOND_OFFICER).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        assertEquals(proposed, activeRevision());
        assertEquals("DENY", removalOutcome());
        JsonPath latest = latestRevision();
        assertEquals("PROPOSAL", latest.getString("[0].source"));
        assertEquals(id, latest.getLong("[0].proposalId"));
        assertEquals(List.of(SECOND_OFFICER), latest.getList("[0].approvedBy"));
    }

    @Test
    void a_rollback_to_a_revision_once_approved_or_started_on_needs_no_new_approval_and_names_its_approval() {
        String shipped = activeRevision();
        rules.tightenRemovals();
        long id = reload("?reason=Tighten removals").then().statusCode(202).extract().jsonPath().getLong("proposalId");
        as(SECOND_OFFICER, SECOND_OFFICER).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200);
        String approved = activeRevision();

        rollback(shipped).then().statusCode(200).body("activated", equalTo(true)).body("revision", equalTo(shipped));
        assertEquals(shipped, activeRevision());
        assertEquals("ROLLBACK", latestRevision().getString("[0].source"));

        rollback(approved).then().statusCode(200).body("activated", equalTo(true)).body("revision", equalTo(approved));
        assertEquals(approved, activeRevision());
        JsonPath latest = latestRevision();
        assertEquals("ROLLBACK", latest.getString("[0].source"));
        assertEquals(id, latest.getLong("[0].proposalId"));
        assertEquals("Tighten removals", latest.getString("[0].reason"));
        assertEquals(List.of(SECOND_OFFICER), latest.getList("[0].approvedBy"));
    }

    @Test
    void a_rollback_to_a_revision_nobody_approved_opens_a_proposal_of_its_files() {
        String shipped = activeRevision();
        // activated without approval, as on a desk of one before approvals were required; a revision of its own
        rules.tightenRemovals();
        rules.write("note.drl", NOTE + "// activated without approval\n");
        String unapproved = operations.reload(ActivationSource.RELOAD, "officer").revision();
        rules.restoreAndReload();
        assertEquals(shipped, activeRevision());

        Response rolledBack = rollback(unapproved);
        rolledBack.then().statusCode(202).body("status", equalTo("OPEN")).body("revision", equalTo(unapproved))
                .body("reason", equalTo("Rollback to " + unapproved)).body("proposedBy", equalTo("officer"))
                .body("approvalsRequired", equalTo(1)).header("Location", notNullValue());
        long id = rolledBack.jsonPath().getLong("proposalId");
        assertEquals(shipped, activeRevision());
        assertEquals("ALLOW", removalOutcome());
        as("auditor", "auditor").get("/v1/rules").then().body("lastReload.outcome", equalTo("PROPOSED"))
                .body("lastReload.source", equalTo("ROLLBACK")).body("lastReload.proposalId", equalTo((int) id));
        rollback(unapproved).then().statusCode(202).body("proposalId", equalTo((int) id));

        as(SECOND_OFFICER, SECOND_OFFICER).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200);
        assertEquals(unapproved, activeRevision());
        assertEquals(id, latestRevision().getLong("[0].proposalId"));
    }

    @Test
    void a_broken_folder_is_refused_as_before_and_stored_as_one_invalid_proposal() {
        String before = activeRevision();
        rules.replace("isolated-margin.drl", "marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter <= maintenanceMargin");

        Response refused = reload("");
        refused.then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("isolated-margin.drl")).body("proposalId", notNullValue());
        long id = refused.jsonPath().getLong("proposalId");
        JsonPath invalid = proposal(id);
        assertEquals("INVALID", invalid.getString("status"));
        assertEquals(GovernedRuleOperations.RELOAD_REASON, invalid.getString("reason"));
        assertEquals("isolated-margin.drl", invalid.getString("errors[0].file"));

        reload("").then().statusCode(422).body("proposalId", equalTo((int) id));
        assertEquals(before, activeRevision());
        as("auditor", "auditor").get("/v1/rules").then().body("lastReload.outcome", equalTo("REFUSED"))
                .body("lastReload.proposalId", equalTo((int) id))
                .body("lastReload.errors[0].file", equalTo("isolated-margin.drl"));
        as("officer", "officer").post("/v1/rules/proposals/" + id + "/withdrawal").then().statusCode(200);
    }

    @Test
    void an_unchanged_folder_reloads_as_unchanged_and_a_too_long_reason_is_refused_naming_it() {
        reload("").then().statusCode(200).body("outcome", equalTo("UNCHANGED")).body("activated", equalTo(false));
        rules.tightenRemovals();
        reload("?reason=" + "x".repeat(2001)).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"));
        assertEquals(List.of(), as("auditor", "auditor").get("/v1/rules/proposals?status=OPEN").jsonPath().getList("proposalId"));
        rollback("sha256:" + "0".repeat(64)).then().statusCode(404);
        assertNotEquals("PROPOSED", as("auditor", "auditor").get("/v1/rules").jsonPath().getString("lastReload.outcome"));
    }
}
