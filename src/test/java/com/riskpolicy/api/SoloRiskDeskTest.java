package com.riskpolicy.api;

import static com.riskpolicy.api.RuleProposalsTest.activeRevision;
import static com.riskpolicy.api.RuleProposalsTest.as;
import static com.riskpolicy.api.RuleProposalsTest.propose;
import static com.riskpolicy.api.RuleProposalsTest.removalOutcome;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A desk of one ({@code policy.rules.approvals-required=0}): a valid proposal is activated by its proposer alone. */
@QuarkusTest
@TestProfile(SoloRiskDeskTest.NoApprovals.class)
public class SoloRiskDeskTest {

    public static class NoApprovals implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("policy.rules.approvals-required", "0");
        }
    }

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @AfterEach
    void putTheShippedRulesBack() {
        rules.restoreAndReload();
    }

    @Test
    void a_valid_proposal_is_activated_at_once_and_recorded_without_approvers() {
        Response proposed = propose("officer", rules.tightenedRemovals(), "Desk of one");
        proposed.then().statusCode(201).body("status", equalTo("APPROVED")).body("approvalsRequired", equalTo(0))
                .body("approvals", hasSize(0)).body("decidedBy", equalTo("officer"));

        assertEquals(proposed.jsonPath().getString("revision"), activeRevision());
        assertEquals("DENY", removalOutcome());
        JsonPath latest = as("auditor", "auditor").get("/v1/rules/revisions?limit=1").jsonPath();
        assertEquals("PROPOSAL", latest.getString("[0].source"));
        assertEquals("officer", latest.getString("[0].activatedBy"));
        assertEquals(List.of(), latest.getList("[0].approvedBy"));
        assertEquals("Desk of one", latest.getString("[0].reason"));
    }

    @Test
    void an_invalid_proposal_is_stored_and_not_activated() {
        String before = activeRevision();
        propose("officer", Map.of("isolated-margin.drl", "rule \"broken\" when then end end"), "Broken")
                .then().statusCode(201).body("status", equalTo("INVALID"));
        assertEquals(before, activeRevision());
    }
}
