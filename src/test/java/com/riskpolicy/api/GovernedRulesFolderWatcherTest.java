package com.riskpolicy.api;

import static com.riskpolicy.api.RuleProposalsTest.SECOND_OFFICER;
import static com.riskpolicy.api.RuleProposalsTest.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.Await;
import com.riskpolicy.TestDatabase;
import com.riskpolicy.ruleops.GovernedRuleOperations;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where one approval is required (the default) the folder watcher turns a saved change into a
 * proposal by "folder-watcher", which needs two approvals: nobody signed the edit, so any officer,
 * an approver too, may have made it.
 */
@QuarkusTest
@TestProfile(GovernedRulesFolderWatcherTest.Watching.class)
class GovernedRulesFolderWatcherTest {

    private static final Path FOLDER = Path.of("target/test-rules-watched-governed");

    /** Its own copy of the rules, watched with a short quiet time; approvals as configured by default. */
    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            RuleFolder.copyOfShipped(FOLDER);
            Map<String, String> overrides = new HashMap<>(TestDatabase.named("watched_governed"));
            overrides.putAll(Map.of("policy.rules.dir", FOLDER.toString(), "policy.rules.watch", "true",
                    "policy.rules.watch-debounce", "PT0.2S"));
            return overrides;
        }
    }

    private static JsonPath until(Predicate<JsonPath> condition) {
        return Await.until(() -> as("auditor", "auditor").get("/v1/rules").jsonPath(), condition, Duration.ofSeconds(60));
    }

    private static List<Integer> open() {
        return as("auditor", "auditor").get("/v1/rules/proposals?status=OPEN").jsonPath().getList("proposalId");
    }

    @AfterEach
    void backToTheShippedRules() {
        as("officer", "officer").contentType(ContentType.JSON).body(Map.of("revision", RuleFolder.shippedRevision()))
                .post("/v1/rules/rollback").then().statusCode(200);
    }

    @Test
    void a_saved_change_becomes_one_proposal_of_the_watcher_in_force_after_two_approvals() {
        RuleFolder rules = new RuleFolder(FOLDER);
        String shipped = as("auditor", "auditor").get("/v1/rules").jsonPath().getString("revision");

        rules.tightenRemovals();
        JsonPath proposed = until(r -> "PROPOSED".equals(r.getString("lastReload.outcome")));
        assertEquals("WATCH", proposed.getString("lastReload.source"));
        assertEquals("folder-watcher", proposed.getString("lastReload.by"));
        assertEquals(shipped, proposed.getString("revision"), "nothing is activated");
        long id = proposed.getLong("lastReload.proposalId");
        JsonPath proposal = as("auditor", "auditor").get("/v1/rules/proposals/" + id).jsonPath();
        assertEquals("OPEN", proposal.getString("status"));
        assertEquals("folder-watcher", proposal.getString("proposedBy"));
        assertEquals(GovernedRuleOperations.WATCH_REASON, proposal.getString("reason"));
        assertEquals(2, proposal.getInt("approvalsRequired"));

        // saved again: the watcher fires again, and finds its proposal open
        String firstAt = proposed.getString("lastReload.at");
        rules.write("isolated-margin.drl", rules.read("isolated-margin.drl"));
        JsonPath again = until(r -> !firstAt.equals(r.getString("lastReload.at")));
        assertEquals(id, again.getLong("lastReload.proposalId"));
        // an officer's reload of the same folder too
        as("officer", "officer").post("/v1/rules/reload").then().statusCode(202).body("proposalId", equalTo((int) id));
        assertEquals(List.of((int) id), open());

        as("officer", "officer").post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200)
                .body("status", equalTo("OPEN")).body("approvals", hasSize(1));
        assertEquals(shipped, as("auditor", "auditor").get("/v1/rules").jsonPath().getString("revision"),
                "one approval is not enough for the watcher's proposal");
        as(SECOND_OFFICER, SECOND_OFFICER).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        assertEquals(proposal.getString("revision"), as("auditor", "auditor").get("/v1/rules").jsonPath().getString("revision"));
        assertEquals(List.of("officer", SECOND_OFFICER),
                as("auditor", "auditor").get("/v1/rules/revisions?limit=1").jsonPath().getList("[0].approvedBy"));
    }
}
