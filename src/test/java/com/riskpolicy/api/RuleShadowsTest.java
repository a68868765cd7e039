package com.riskpolicy.api;

import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.markPrice;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static com.riskpolicy.api.RuleProposalsTest.SECOND_OFFICER;
import static com.riskpolicy.api.RuleProposalsTest.as;
import static com.riskpolicy.api.RuleProposalsTest.propose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.rules.ShippedRules;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proposal's shadow: its candidate decides the live checks, ledger actions and stateless decisions
 * again beside the active rule set, never changing an answer, and counts where the two differ.
 */
@QuarkusTest
class RuleShadowsTest {

    private static final String INITIAL_RULE = "Removing margin must leave the initial margin covered";
    /** Each node writes its tally about every second (policy.rules.shadow-flush). */
    private static final Duration TALLIED_WITHIN = Duration.ofSeconds(30);

    private final RuleFolder rules = new RuleFolder(Path.of("target/test-rules"));

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void putTheShippedRulesBack() {
        rules.restoreAndReload();
    }

    @Test
    void a_shadow_counts_what_the_candidate_would_flip_and_never_changes_an_answer() {
        String accountId = isolatedLongWithAThousandOfMargin();
        long id = proposeTightening();
        as("officer", "officer").post(shadow(id)).then().statusCode(201).contentType(ContentType.JSON)
                .body("state", equalTo("RUNNING")).body("run", equalTo(1)).body("startedBy", equalTo("officer"))
                .body("shadowed", equalTo(0));
        as("officer", "officer").post(shadow(id)).then().statusCode(200).body("state", equalTo("RUNNING"))
                .body("run", equalTo(1));

        String flipped = removalCheck(accountId, "900").then().statusCode(200).body("decision", equalTo("ALLOW"))
                .extract().jsonPath().getString("decisionId");
        removalCheck(accountId, "900").then().statusCode(200).body("decision", equalTo("ALLOW"));
        removalCheck(accountId, "2000").then().statusCode(200).body("decision", equalTo("DENY"))
                .body("violations[0].code", equalTo("REMOVE_EXCEEDS_ISOLATED_MARGIN"));
        post("/v1/checks/add-margin", Map.of("accountId", accountId, "symbol", "BTCUSDT", "amount", "100"))
                .then().statusCode(200).body("decision", equalTo("ALLOW"));
        post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin", Map.of("type", "ADD", "amount", "10"))
                .then().statusCode(200).body("decision.decision", equalTo("ALLOW"));
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200).body("decision", equalTo("ALLOW"));

        JsonPath report = talliedAfter(id, 6);
        assertEquals(List.of(6, 3, 3, 0, 0), List.of(report.getInt("shadowed"), report.getInt("agreed"),
                report.getInt("disagreed"), report.getInt("failed"), report.getInt("skipped")), report::prettify);
        assertEquals(Map.of("agreed", 1, "disagreed", 3, "failed", 0), report.getMap("byAction.REMOVE_MARGIN"));
        assertEquals(Map.of("agreed", 2, "disagreed", 0, "failed", 0), report.getMap("byAction.ADD_MARGIN"));
        assertEquals(1, report.getList("disagreements").size(), report::prettify);
        assertEquals(Map.of("action", "REMOVE_MARGIN", "change", "ALLOW_TO_DENY", "activeDecision", "ALLOW",
                        "activeViolations", List.of(), "candidateDecision", "DENY",
                        "candidateViolations", List.of("MAINTENANCE_MARGIN_BREACH")),
                report.getMap("disagreements[0].transition"));
        assertEquals(3, report.getInt("disagreements[0].count"));
        assertEquals(List.of("CHECK", "CHECK", "STATELESS"), report.getList("disagreements[0].examples.source"));
        assertEquals(flipped, report.getString("disagreements[0].examples[0].decisionId"));
        assertEquals(accountId, report.getString("disagreements[0].examples[0].accountId"));
        assertTrue(report.getString("disagreements[0].examples[0].request").contains("amount=900"), report::prettify);
        assertEquals("ALLOW", report.getString("disagreements[0].examples[0].active.decision"));
        assertTrue(report.getList("disagreements[0].examples[0].candidate.firedRules").contains(INITIAL_RULE), report::prettify);

        as("auditor", "auditor").get("/v1/rules/proposals/" + id).then().statusCode(200)
                .body("shadow.state", equalTo("RUNNING")).body("shadow.shadowed", equalTo(6))
                .body("shadow.disagreed", equalTo(3));

        as("officer", "officer").post("/v1/rules/proposals/" + id + "/withdrawal").then().statusCode(200);
        as("auditor", "auditor").get(shadow(id)).then().statusCode(200).body("state", equalTo("STOPPED"))
                .body("stopReason", equalTo("the proposal is WITHDRAWN")).body("shadowed", equalTo(6))
                .body("disagreed", equalTo(3));
        as("officer", "officer").post(shadow(id)).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("WITHDRAWN"));
    }

    @Test
    void a_shadow_stops_when_its_proposal_is_approved_and_keeps_its_tallies() {
        long id = proposeTightening();
        as("officer", "officer").post(shadow(id)).then().statusCode(201);
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200).body("decision", equalTo("ALLOW"));
        talliedAfter(id, 1);

        as(SECOND_OFFICER, SECOND_OFFICER).post("/v1/rules/proposals/" + id + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200).body("decision", equalTo("DENY"));

        JsonPath stopped = as("auditor", "auditor").get(shadow(id)).then().statusCode(200).extract().jsonPath();
        assertEquals("STOPPED", stopped.getString("state"), stopped::prettify);
        assertEquals("the proposal is APPROVED", stopped.getString("stopReason"));
        assertEquals(1, stopped.getInt("shadowed"), "a decision of the approved rule set is not the shadow's");
        assertEquals(1, stopped.getInt("disagreed"));
    }

    @Test
    void a_stopped_shadow_keeps_its_tallies_and_starts_again_from_zero() {
        long id = proposeTightening();
        as("officer", "officer").post(shadow(id)).then().statusCode(201);
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200);
        talliedAfter(id, 1);

        as("officer", "officer").delete(shadow(id)).then().statusCode(200).body("state", equalTo("STOPPED"))
                .body("stoppedBy", equalTo("officer")).body("shadowed", equalTo(1));
        as("officer", "officer").delete(shadow(id)).then().statusCode(200).body("stoppedBy", equalTo("officer"));

        as("officer", "officer").post(shadow(id)).then().statusCode(201).body("state", equalTo("RUNNING"))
                .body("run", equalTo(2)).body("shadowed", equalTo(0));
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200);
        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200);
        JsonPath second = talliedAfter(id, 2);
        assertEquals(2, second.getInt("disagreed"), second::prettify);
        as("officer", "officer").delete(shadow(id)).then().statusCode(200);
    }

    @Test
    void a_shadow_another_node_started_is_shadowed_on_this_node_too() throws SQLException {
        long id = proposeTightening();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("INSERT INTO rule_proposal_shadow (proposal_id, run_number, started_by, started_at)"
                    + " VALUES (" + id + ", 1, 'officer', CURRENT_TIMESTAMP)");
        }
        // this node writes its (empty) tally once it has compiled the candidate
        JsonPath started = Await.until(() -> as("auditor", "auditor").get(shadow(id)).then().statusCode(200).extract().jsonPath(),
                read -> !read.getList("nodes").isEmpty(), TALLIED_WITHIN);
        assertEquals("RUNNING", started.getString("state"), started::prettify);
        assertEquals(1, started.getList("nodes").size(), started::prettify);

        post("/v1/decisions", ShippedRules.removeNineHundred()).then().statusCode(200).body("decision", equalTo("ALLOW"));
        JsonPath report = talliedAfter(id, 1);
        assertEquals(1, report.getInt("disagreed"), report::prettify);
        as("officer", "officer").delete(shadow(id)).then().statusCode(200);
    }

    @Test
    void only_an_open_proposal_is_shadowed() {
        String broken = rules.read("isolated-margin.drl").replace("marginBalanceAfter <= maintenanceMargin )",
                "marginBalanceAfter <= maintenanceMargin");
        long invalid = propose("officer", Map.of("isolated-margin.drl", broken), "A typo").then().statusCode(201)
                .body("status", equalTo("INVALID")).extract().jsonPath().getLong("proposalId");

        as("officer", "officer").post(shadow(invalid)).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("INVALID"));
        as("officer", "officer").post(shadow(999_999_999)).then().statusCode(404).contentType("application/problem+json");
        as("auditor", "auditor").get(shadow(999_999_999)).then().statusCode(404);
        as("auditor", "auditor").get(shadow(invalid)).then().statusCode(404);
        as("auditor", "auditor").get("/v1/rules/proposals/" + invalid).then().statusCode(200).body("shadow", equalTo(null));
    }

    @Test
    void risk_officers_start_and_stop_a_shadow_and_every_role_reads_it() {
        long id = proposeTightening();
        as("platform", "platform").post(shadow(id)).then().statusCode(403);
        as("auditor", "auditor").post(shadow(id)).then().statusCode(403);
        as("officer", "officer").post(shadow(id)).then().statusCode(201);

        as("auditor", "auditor").get(shadow(id)).then().statusCode(200).body("state", equalTo("RUNNING"));
        as("platform", "platform").get(shadow(id)).then().statusCode(200).body("state", equalTo("RUNNING"));
        as("platform", "platform").delete(shadow(id)).then().statusCode(403);
        as("auditor", "auditor").delete(shadow(id)).then().statusCode(403);
        as(SECOND_OFFICER, SECOND_OFFICER).delete(shadow(id)).then().statusCode(200).body("state", equalTo("STOPPED"))
                .body("stoppedBy", equalTo(SECOND_OFFICER));
    }

    /** E4 on the ledger: an isolated BTCUSDT long of 1 at 20,000, 20x, 1,000 USDT of margin, mark 20,000. */
    private static String isolatedLongWithAThousandOfMargin() {
        String accountId = createAccount("shadow", Map.of("USDT", "5000"));
        markPrice("BTCUSDT", "20000");
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                "price", "20000", "leverage", "20")).then().statusCode(201);
        return accountId;
    }

    private static io.restassured.response.Response removalCheck(String accountId, String amount) {
        return post("/v1/checks/remove-margin", Map.of("accountId", accountId, "symbol", "BTCUSDT", "amount", amount));
    }

    private long proposeTightening() {
        return propose("officer", rules.tightenedRemovals(), "Removals must keep the initial margin covered")
                .then().statusCode(201).body("status", equalTo("OPEN")).extract().jsonPath().getLong("proposalId");
    }

    /** The shadow's report once it counts {@code decisions} shadowed decisions (or the deadline passed). */
    private static JsonPath talliedAfter(long id, int decisions) {
        JsonPath report = Await.until(() -> as("auditor", "auditor").get(shadow(id)).then().statusCode(200).extract().jsonPath(),
                read -> read.getInt("shadowed") >= decisions, TALLIED_WITHIN);
        assertEquals(decisions, report.getInt("shadowed"), report::prettify);
        return report;
    }

    private static String shadow(long id) {
        return "/v1/rules/proposals/" + id + "/shadow";
    }
}
