package com.riskpolicy.api;

import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.RuleFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/rules/impact: a candidate rule set decides the logged decisions again; nothing is
 * activated, written or logged.
 */
@QuarkusTest
class RuleImpactResourceTest {

    /** The shipped removal rule and the stricter one of RiskOfficerEditTest (spec example E4 flips). */
    private static final String MAINTENANCE = """
            rule "Removing margin must leave the maintenance margin covered"
            when
                $adjust : MarginAdjustment( action == Action.REMOVE_MARGIN, amount <= isolatedMargin,
                                            marginBalanceAfter <= maintenanceMargin )""";
    private static final String INITIAL = """
            rule "Removing margin must leave the initial margin covered"
            when
                $adjust : MarginAdjustment( action == Action.REMOVE_MARGIN, amount <= isolatedMargin,
                                            marginBalanceAfter < initialMargin )""";

    private static String tightened() throws IOException {
        String shipped = Files.readString(Path.of("rules", "isolated-margin.drl"));
        assertTrue(shipped.contains(MAINTENANCE), "rules/isolated-margin.drl no longer contains the removal rule");
        return shipped.replace(MAINTENANCE, INITIAL);
    }

    private static String activeRevision() {
        return given().get("/v1/rules").then().statusCode(200).extract().path("revision");
    }

    private static int logged(String accountId) {
        return given().get("/v1/decisions?accountId=" + accountId).then().statusCode(200)
                .extract().jsonPath().getList("decisions").size();
    }

    @Test
    void requiring_removals_to_keep_the_initial_margin_flips_a_logged_allow_to_deny() throws IOException {
        String revision = activeRevision();
        String accountId = Api.uniqueAccount("impact-e4");
        String decisionId = post("/v1/decisions", Api.e4(accountId)).then().statusCode(200)
                .body("decision", equalTo("ALLOW")).extract().path("decisionId");

        JsonPath report = post("/v1/rules/impact", Map.of("files", Map.of("isolated-margin.drl", tightened()), "last", 50))
                .then().statusCode(200)
                .body("activeRevision", equalTo(revision))
                .body("candidateRevision", not(equalTo(revision)))
                .body("replayed", greaterThanOrEqualTo(1))
                .body("allowToDeny", greaterThanOrEqualTo(1))
                .extract().jsonPath();
        assertEquals(report.getInt("replayed"), report.getInt("unchanged") + report.getInt("allowToDeny")
                + report.getInt("denyToAllow") + report.getInt("changedCodes") + report.getInt("failed"));

        String example = "examples.find { it.decisionId == '" + decisionId + "' }";
        assertEquals("ALLOW_TO_DENY", report.getString(example + ".change"));
        assertEquals("REMOVE_MARGIN", report.getString(example + ".action"));
        assertEquals(accountId, report.getString(example + ".accountId"));
        assertEquals("STATELESS", report.getString(example + ".source"));
        assertEquals("ALLOW", report.getString(example + ".before.decision"));
        assertEquals(List.of(), report.getList(example + ".before.violations"));
        assertEquals("DENY", report.getString(example + ".after.decision"));
        assertEquals(List.of("MAINTENANCE_MARGIN_BREACH"), report.getList(example + ".after.violations"));
        assertEquals(report.getString("candidateRevision"), report.getString(example + ".after.ruleSetRevision"));

        // nothing activated, and the replay logged nothing
        assertEquals(revision, activeRevision());
        assertEquals(1, logged(accountId));
        post("/v1/decisions", Api.e4(accountId)).then().statusCode(200).body("decision", equalTo("ALLOW"))
                .body("ruleSetRevision", equalTo(revision));
    }

    @Test
    void the_active_rules_replay_every_source_unchanged() {
        String accountId = createAccount("impact-same", Map.of("USDT", "5000"));
        post("/v1/checks/switch-margin-mode", Map.of("accountId", accountId, "symbol", "ETHUSDT", "mode", "ISOLATED"))
                .then().statusCode(200);
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/checks/adjust-leverage", Map.of("accountId", accountId, "symbol", "ETHUSDT", "leverage", "200"))
                .then().statusCode(200).body("decision", equalTo("DENY"));
        post("/v1/decisions", Api.e4(Api.uniqueAccount("impact-same"))).then().statusCode(200);

        post("/v1/rules/impact", Map.of("files", Map.of(), "last", 4)).then().statusCode(200)
                .body("candidateRevision", equalTo(activeRevision()))
                .body("replayed", equalTo(4))
                .body("unchanged", equalTo(4))
                .body("failed", equalTo(0))
                .body("examples.size()", equalTo(0));
    }

    @Test
    void a_ledger_action_replays_on_the_account_as_it_was_before_it() throws IOException {
        String accountId = createAccount("impact-ledger", Map.of("USDT", "5000"));
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        String ledgerDecision = put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "CROSS"))
                .then().statusCode(200).extract().path("decision.decisionId");
        String candidate = Files.readString(Path.of("rules", "margin-mode.drl")) + """

                rule "Impact test: no switching to cross"
                when
                    ModeSwitch( targetMode == MarginMode.CROSS )
                then
                    insert(new Violation("NO_CROSS", drools.getRule().getName(), "no"));
                end
                """;

        JsonPath report = post("/v1/rules/impact", Map.of("files", Map.of("margin-mode.drl", candidate), "last", 1))
                .then().statusCode(200).body("replayed", equalTo(1)).body("allowToDeny", equalTo(1))
                .extract().jsonPath();
        assertEquals(ledgerDecision, report.getString("examples[0].decisionId"));
        assertEquals("LEDGER", report.getString("examples[0].source"));
        assertEquals(List.of("NO_CROSS"), report.getList("examples[0].after.violations"));
        // what it replayed on: the account before the switch back, still isolated
        given().get("/v1/decisions/" + ledgerDecision).then().statusCode(200)
                .body("input.account.marginModes.ETHUSDT", equalTo("ISOLATED"));
    }

    @Test
    void a_candidate_that_does_not_compile_is_422_naming_file_and_line_and_activates_nothing() throws IOException {
        String revision = activeRevision();
        String broken = tightened().replace("marginBalanceAfter < initialMargin )", "marginBalanceAfter < )");
        post("/v1/rules/impact", Map.of("files", Map.of("isolated-margin.drl", broken)))
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors[0].file", equalTo("isolated-margin.drl"))
                .body("errors[0].line", greaterThan(60))
                .body("errors[0].column", greaterThan(0))
                .body("errors[0].message", not(equalTo("")));
        assertEquals(revision, activeRevision());
    }

    @Test
    void with_replace_the_files_sent_are_the_whole_candidate() throws IOException {
        post("/v1/rules/impact", Map.of("files", Map.of("isolated-margin.drl", tightened()), "replace", true))
                .then().statusCode(422)
                .body("errors.file", hasItem("contracts.csv"));

        Map<String, String> whole = new HashMap<>(RuleFiles.read(Path.of("rules")).contents());
        whole.put("isolated-margin.drl", tightened());
        String accountId = Api.uniqueAccount("impact-replace");
        post("/v1/decisions", Api.e4(accountId)).then().statusCode(200);
        post("/v1/rules/impact", Map.of("files", whole, "replace", true, "last", 1)).then().statusCode(200)
                .body("allowToDeny", equalTo(1))
                .body("examples[0].accountId", equalTo(accountId));
    }

    @Test
    void a_bad_request_names_the_field() {
        post("/v1/rules/impact", Map.of("last", 5)).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("files"));
        post("/v1/rules/impact", Map.of("files", Map.of("notes.txt", "x"))).then().statusCode(400)
                .body("errors[0].field", equalTo("files.notes.txt"));
        post("/v1/rules/impact", Map.of("files", Map.of(), "last", 0)).then().statusCode(400)
                .body("errors[0].field", equalTo("last"));
        post("/v1/rules/impact", Map.of("files", Map.of(), "last", 10_001)).then().statusCode(400)
                .body("errors[0].field", equalTo("last"));
    }
}
