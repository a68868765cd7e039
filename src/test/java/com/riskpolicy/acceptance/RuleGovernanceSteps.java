package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.acceptance.RuleOperationsSteps.RuleOfficeState;
import com.riskpolicy.rules.ShippedRules;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.quarkiverse.cucumber.ScenarioScope;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Two risk officers at work on a governed change: one proposes, the other approves. Whatever a
 * scenario puts in force is rolled back to the shipped rules after it, before the rule office's own
 * check that the shipped rules are in force again ({@link RuleOperationsSteps}).
 */
public class RuleGovernanceSteps {

    private static final String FILE = "isolated-margin.drl";
    private static final String MAINTENANCE_RULE = "rule \"Removing margin must leave the maintenance margin covered\"";
    private static final String INITIAL_RULE = "rule \"Removing margin must leave the initial margin covered\"";
    private static final String EXAMPLES = ShippedRules.REMOVAL_EXAMPLES;
    private static final String MAINTENANCE_CONDITION = "marginBalanceAfter <= maintenanceMargin )";
    /** Who proposes what the service's folder watcher notices. */
    private static final String FOLDER_WATCHER = "folder-watcher";
    /** The watcher's quiet time after the last save (policy.rules.watch-debounce), with room to compile. */
    private static final Duration WATCHER_WITHIN = Duration.ofSeconds(60);
    /** How long every node may take to serve a new revision: a poll, then its next report. */
    private static final Duration EVERY_NODE_WITHIN = Duration.ofSeconds(5);
    /** How long a proposal's impact may take: it is computed in the background. */
    private static final Duration IMPACT_WITHIN = Duration.ofSeconds(30);

    @Inject
    RiskPolicyService service;
    @Inject
    RuleOfficeState office;
    @Inject
    ProposalState state;

    /** What one scenario remembers of its proposal. */
    @ScenarioScope
    public static class ProposalState {
        JsonPath proposal;
        Response lastAnswer;
        boolean activated;
    }

    private RequestSpecification officer() {
        return service.as(RiskPolicyService.officerAuthorization());
    }

    private RequestSpecification approver() {
        return service.as(RiskPolicyService.approverAuthorization());
    }

    private String revisionInForce() {
        return service.activeRuleSet().revision();
    }

    /** The shipped text of a file, as the revision in force when the scenario began recorded it. */
    private String shipped(String file) {
        return officer().get("/v1/rules/revisions/{revision}", office.shippedRevision).then().statusCode(200)
                .extract().jsonPath().getString("contents.'" + file + "'");
    }

    private long proposalId() {
        return state.proposal.getLong("proposalId");
    }

    private void propose(Map<String, String> files, String reason) {
        Response answer = officer().body(Map.of("files", files, "reason", reason)).post("/v1/rules/proposals");
        answer.then().statusCode(201);
        state.proposal = answer.jsonPath();
    }

    private JsonPath proposalNow() {
        return officer().get("/v1/rules/proposals/" + proposalId()).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Runs before the rule office's own after-hook (after-hooks of a higher order run first). A
     * proposal left open is rejected: a later reload of the same files would find it open.
     */
    @After(order = 20000)
    public void rollBackWhatAProposalPutInForce() {
        if (state.proposal != null && "OPEN".equals(proposalNow().getString("status"))) {
            approver().body(Map.of("reason", "The scenario is over")).post("/v1/rules/proposals/" + proposalId() + "/rejections")
                    .then().statusCode(200);
        }
        if (state.activated && office.shippedRevision != null && !office.shippedRevision.equals(revisionInForce())) {
            officer().body(Map.of("revision", office.shippedRevision)).post("/v1/rules/rollback").then().statusCode(200);
        }
    }

    @When("the risk officer proposes that removing margin must leave the initial margin covered, with example E4 now denied, because {string}")
    public void proposeTightening(String reason) {
        // the decision log is written in the background: the platform's removal is in it before the
        // proposal's impact replays the latest logged decisions
        String decisionId = office.lastDecision.getString("decisionId");
        assertTrue(Await.until(() -> officer().get("/v1/decisions/" + decisionId).statusCode() == 200, IMPACT_WITHIN),
                () -> "decision " + decisionId + " is not in the decision log");
        propose(Map.of(FILE, tightenedRule(), EXAMPLES, ShippedRules.tightenedRemovalExamples(shipped(EXAMPLES))), reason);
    }

    @When("the risk officer proposes that removing margin must leave the initial margin covered, leaving the examples as they are")
    public void proposeTighteningAlone() {
        propose(Map.of(FILE, tightenedRule()), "Tighten removals");
    }

    private String tightenedRule() {
        return shipped(FILE).replace(MAINTENANCE_RULE, INITIAL_RULE)
                .replace(MAINTENANCE_CONDITION, "marginBalanceAfter < initialMargin )");
    }

    @When("the risk officer proposes {string} with a closing parenthesis missing")
    public void proposeBroken(String file) {
        assertEquals(FILE, file);
        propose(Map.of(FILE, shipped(FILE).replace(MAINTENANCE_CONDITION, MAINTENANCE_CONDITION.replace(" )", ""))), "A typo");
    }

    @Then("the proposal is open, waiting for one approval")
    public void openWaiting() {
        JsonPath now = proposalNow();
        assertEquals("OPEN", now.getString("status"), now::prettify);
        assertEquals(List.of(), now.getList("approvals"));
        assertEquals(1, now.getInt("approvalsRequired"), "the service under test must require one approval");
    }

    @Then("the proposal shows {string} changed, the maintenance rule replaced by the initial one")
    public void showsTheDiff(String file) {
        JsonPath now = proposalNow();
        assertTrue(now.getList("filesChanged").contains(Map.of("file", file, "change", "MODIFIED")), now::prettify);
        String unified = now.getString("diff.find { it.file == '" + file + "' }.unified");
        assertTrue(unified.contains("\n-" + MAINTENANCE_RULE) && unified.contains("\n+" + INITIAL_RULE), unified);
    }

    @Then("the proposal's impact shows the platform's removal turning from allowed to denied")
    public void impactShowsTheFlip() {
        JsonPath now = Await.until(this::proposalNow, read -> !"PENDING".equals(read.getString("impact.status")), IMPACT_WITHIN);
        assertEquals("READY", now.getString("impact.status"), now::prettify);
        assertTrue(now.getInt("impact.report.allowToDeny") >= 1, now::prettify);
        String decisionId = office.lastDecision.getString("decisionId");
        List<Map<String, Object>> flipped = now.getList("impact.report.examples.findAll { it.decisionId == '" + decisionId + "' }");
        assertEquals(1, flipped.size(), now::prettify);
        assertEquals("ALLOW_TO_DENY", flipped.get(0).get("change"));
    }

    @Then("every policy example passes on the proposal, example E4 now expecting a denial")
    public void examplesPass() {
        JsonPath now = proposalNow();
        assertEquals(now.getInt("examples.examples"), now.getInt("examples.passed"), now::prettify);
        assertEquals(List.of(), now.getList("examples.failures"));
        String unified = now.getString("diff.find { it.file == '" + EXAMPLES + "' }.unified");
        assertTrue(unified.lines().anyMatch(line -> line.startsWith("+\"E4") && line.contains(",DENY,MAINTENANCE_MARGIN_BREACH,")),
                unified);
    }

    @Then("the proposal is invalid: example {string} of {string} expected {word} and got {word}")
    public void invalidByExample(String example, String file, String expected, String got) {
        assertEquals("INVALID", state.proposal.getString("status"), state.proposal::prettify);
        assertEquals("PASSED", state.proposal.getString("selfTest"), "the rules run; an example fails");
        Map<String, Object> failure = state.proposal.getMap("examples.failures.find { it.example == '" + example + "' }");
        assertEquals(file, failure.get("file"), state.proposal::prettify);
        int line = shipped(file).lines().toList().indexOf(shipped(file).lines()
                .filter(row -> row.startsWith("\"" + example + "\"")).findFirst().orElseThrow()) + 1;
        assertEquals(line, failure.get("line"));
        assertEquals(expected, failure.get("expected"));
        assertTrue(((String) failure.get("got")).startsWith(got + " "), () -> String.valueOf(failure.get("got")));
        assertTrue(state.proposal.getList("errors.file").contains(file), state.proposal::prettify);
    }

    @When("the risk officer runs the policy examples of the rules in force")
    public void runExamples() {
        state.lastAnswer = officer().get("/v1/rules/examples");
    }

    @Then("every example passes")
    public void everyExamplePasses() {
        JsonPath report = state.lastAnswer.then().statusCode(200).extract().jsonPath();
        assertTrue(report.getInt("examples") > 0, report::prettify);
        assertEquals(report.getInt("examples"), report.getInt("passed"), report::prettify);
        assertEquals(List.of(), report.getList("failures"));
        assertEquals(List.of(), report.getList("tableErrors"));
    }

    @Then("no rule goes without an example that fires it")
    public void everyRuleCovered() {
        JsonPath report = state.lastAnswer.jsonPath();
        assertEquals(List.of(), report.getList("uncovered"), report::prettify);
        assertEquals(report.getInt("rules"), report.getInt("covered"));
    }

    @Then("the proposal compiles and passes the self-test")
    public void compilesAndPasses() {
        JsonPath now = proposalNow();
        assertEquals("PASSED", now.getString("selfTest"), now::prettify);
        assertEquals(List.of(), now.getList("errors"));
    }

    @When("the approver approves the proposal")
    public void approverApproves() {
        state.lastAnswer = approver().post("/v1/rules/proposals/" + proposalId() + "/approvals");
        state.activated = state.lastAnswer.statusCode() == 200;
    }

    @When("the risk officer approves the proposal")
    public void proposerApproves() {
        state.lastAnswer = officer().post("/v1/rules/proposals/" + proposalId() + "/approvals");
        state.activated = state.lastAnswer.statusCode() == 200;
    }

    @Then("the proposal is approved and its revision is in force")
    public void approved() {
        state.lastAnswer.then().statusCode(200);
        JsonPath now = proposalNow();
        assertEquals("APPROVED", now.getString("status"), now::prettify);
        assertEquals(state.proposal.getString("revision"), revisionInForce());
    }

    @Then("every node serves the new revision")
    public void everyNodeServesIt() {
        String revision = state.proposal.getString("revision");
        assertTrue(Await.until(() -> {
            List<Map<String, Object>> nodes = officer().get("/v1/rules").then().statusCode(200).extract().jsonPath()
                    .getList("cluster.nodes.findAll { it.live }");
            return !nodes.isEmpty() && nodes.stream().allMatch(node -> revision.equals(node.get("revision")));
        }, EVERY_NODE_WITHIN), () -> "not every live node serves " + revision + " within " + EVERY_NODE_WITHIN + ": "
                + officer().get("/v1/rules").jsonPath().prettify());
    }

    @Then("the revisions record the proposal with its reason, approved by the approver")
    public void revisionsRecordTheProposal() {
        JsonPath latest = officer().get("/v1/rules/revisions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("PROPOSAL", latest.getString("[0].source"), latest::prettify);
        assertEquals(proposalId(), latest.getLong("[0].proposalId"));
        assertEquals(state.proposal.getString("reason"), latest.getString("[0].reason"));
        assertEquals(List.of(System.getProperty("acceptance.approver.user", "approver")), latest.getList("[0].approvedBy"));
    }

    @Then("the approval is refused under the rule {string}")
    public void refusedUnderRule(String rule) {
        state.lastAnswer.then().statusCode(403).contentType("application/problem+json");
        assertEquals(rule, state.lastAnswer.jsonPath().getString("errors[0].rule"), state.lastAnswer.asString());
    }

    @Then("the proposal is invalid with an error in {string} at a line of that file")
    public void invalid(String file) {
        assertEquals("INVALID", state.proposal.getString("status"), state.proposal::prettify);
        assertEquals(file, state.proposal.getString("errors[0].file"));
        int line = state.proposal.getInt("errors[0].line");
        long lines = shipped(file).lines().count();
        assertTrue(line >= 1 && line <= lines, () -> "line " + line + " is not a line of " + file);
    }

    @Then("the approval is refused because the proposal is invalid")
    public void refusedAsInvalid() {
        state.lastAnswer.then().statusCode(409).contentType("application/problem+json");
        assertTrue(state.lastAnswer.jsonPath().getString("detail").contains("INVALID"), state.lastAnswer.asString());
    }

    @Then("the service proposes the edit on its own, waiting for two approvals")
    public void watcherProposes() {
        String edited = officer().get("/v1/rules").then().statusCode(200).extract().jsonPath().getString("folderRevision");
        List<Map<String, Object>> open = Await.until(() -> officer().get("/v1/rules/proposals?status=OPEN").then()
                        .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("findAll { it.revision == '" + edited
                                + "' && it.proposedBy == '" + FOLDER_WATCHER + "' }"),
                found -> !found.isEmpty(), WATCHER_WITHIN);
        assertEquals(1, open.size(), () -> "the service did not propose the edited folder " + edited + " within "
                + WATCHER_WITHIN + " (does it watch its rules folder?): " + open);
        state.proposal = officer().get("/v1/rules/proposals/" + open.get(0).get("proposalId")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, state.proposal.getInt("approvalsRequired"), state.proposal::prettify);
        assertEquals(List.of(), state.proposal.getList("approvals"));
    }

    @Then("the proposal is still open, with one of its two approvals")
    public void openWithOneOfTwo() {
        state.lastAnswer.then().statusCode(200);
        JsonPath now = proposalNow();
        assertEquals("OPEN", now.getString("status"), now::prettify);
        assertEquals(1, now.getList("approvals").size());
        assertEquals(2, now.getInt("approvalsRequired"));
        assertEquals(office.shippedRevision, revisionInForce());
    }

    @Given("the approver has put the risk officer's tightened removal rule in force")
    public void tighteningApproved() {
        proposeTightening("Removals must keep the initial margin covered");
        approverApproves();
        approved();
    }

    @Given("the risk officer has rolled back to the shipped revision")
    public void rolledBackToShipped() {
        officer().body(Map.of("revision", office.shippedRevision)).post("/v1/rules/rollback").then().statusCode(200);
        assertEquals(office.shippedRevision, revisionInForce());
    }

    @When("the risk officer rolls back to the approved revision")
    public void rollBackToTheApproved() {
        state.lastAnswer = officer().body(Map.of("revision", state.proposal.getString("revision"))).post("/v1/rules/rollback");
    }

    @Then("the approved revision is in force again, recorded with the approval it once had")
    public void approvedAgain() {
        state.lastAnswer.then().statusCode(200);
        assertEquals(state.proposal.getString("revision"), revisionInForce());
        JsonPath latest = officer().get("/v1/rules/revisions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("ROLLBACK", latest.getString("[0].source"), latest::prettify);
        assertEquals(proposalId(), latest.getLong("[0].proposalId"));
        assertEquals(List.of(System.getProperty("acceptance.approver.user", "approver")), latest.getList("[0].approvedBy"));
    }
}
