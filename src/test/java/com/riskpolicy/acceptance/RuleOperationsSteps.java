package com.riskpolicy.acceptance;

import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.rules.ShippedRules;
import io.cucumber.java.After;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.quarkiverse.cucumber.ScenarioScope;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A risk officer at work on the rules folder: editing files, validating, reloading, rolling back.
 *
 * <p>The folder is the one the service under test serves; "the shipped rules" are the rule set that
 * service had in force when these scenarios began ({@link ServedRules}). Every edit is journaled
 * first and undone after the scenario, on the way out of a stopped run, or by the next run.
 */
public class RuleOperationsSteps {

    private static final Logger LOG = Logger.getLogger(RuleOperationsSteps.class);
    private static final String MAINTENANCE_CONDITION = "marginBalanceAfter <= maintenanceMargin )";
    private static final String MAINTENANCE_RULE = "rule \"Removing margin must leave the maintenance margin covered\"";
    private static final String INITIAL_RULE = "rule \"Removing margin must leave the initial margin covered\"";

    /** Taken once per run, by the first scenario that needs it. */
    private static ServedRules served;

    @Inject
    RiskPolicyService service;
    @Inject
    RuleOfficeState state;
    @Inject
    RuleGovernanceSteps.ProposalState proposals;

    /** What one scenario remembers. */
    @ScenarioScope
    public static class RuleOfficeState {
        String shippedRevision;
        Map<String, Object> removal;
        JsonPath lastDecision;
        Response lastAnswer;
        String revisionBefore;
    }

    private RequestSpecification platform() {
        return service.as(RiskPolicyService.platformAuthorization());
    }

    private RequestSpecification officer() {
        return service.as(RiskPolicyService.officerAuthorization());
    }

    private String revisionInForce() {
        return service.activeRuleSet().revision();
    }

    /**
     * The served folder and the rule set in force when the run first asks. The folder must hold
     * exactly that rule set: changes nobody has activated yet are someone's work in progress, which
     * a reload in a scenario would activate.
     */
    private ServedRules served() {
        synchronized (RuleOperationsSteps.class) {
            if (served == null) {
                JsonPath active = officer().get("/v1/rules").then().statusCode(200).extract().jsonPath();
                String revision = active.getString("revision");
                Map<String, String> files = officer().get("/v1/rules/revisions/{revision}", revision)
                        .then().statusCode(200).extract().jsonPath().getMap("contents", String.class, String.class);
                ServedRules candidate = new ServedRules(service.baseUrl(), ServedRules.folder(active.getString("folder")),
                        revision, files);
                List<String> differences = candidate.differences();
                assertTrue(differences.isEmpty(), () -> "The rules folder " + candidate.folder()
                        + " does not hold the rule set in force, " + revision + ": " + differences + " differ. Reload"
                        + " or revert those changes first; the features edit and reload this folder.");
                LOG.infof("Rule scenarios edit %s, served by %s with %s in force", candidate.folder(), candidate.service(),
                        revision);
                served = candidate;
            }
            return served;
        }
    }

    private Path folder() {
        return served().folder();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void edit(String file, String from, String to) {
        ServedRules rules = served();
        ServedRules.journal().edit(rules.service(), rules.folder(), file, text -> {
            assertTrue(text.contains(from), () -> file + " no longer contains: " + from);
            return text.replace(from, to);
        });
    }

    /** First thing in a run: put back what a run killed before it could undo its edits left in the folder. */
    @BeforeAll
    public static void undoAnInterruptedRun() {
        RulesFolderJournal.Undone undone = ServedRules.journal().undo(ServedRules::reload);
        if (undone != RulesFolderJournal.Undone.NOTHING) {
            LOG.warn("An earlier run was interrupted while it had the rules folder edited. " + undone.describe());
        }
    }

    @After
    public void backToTheShippedRules() {
        RulesFolderJournal.Undone undone = ServedRules.journal().undo(ServedRules::reload);
        assertEquals(List.of(), undone.changedSince(), undone::describe);
        if (state.shippedRevision != null) {
            assertEquals(state.shippedRevision, revisionInForce(),
                    () -> "the rules in force are not the shipped ones again. " + undone.describe());
            assertEquals(List.of(), served().differences(), "the rules folder differs from the shipped rules");
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Given("the rules in force are the shipped rules")
    public void theShippedRules() {
        state.shippedRevision = served().revision();
        assertEquals(state.shippedRevision, revisionInForce(), "the rules in force are not the shipped rules");
        assertEquals(List.of(), served().differences(), "the rules folder differs from the shipped rules");
    }

    @Given("a platform asks whether {bigdecimal} USDT may be removed from an isolated {bigdecimal} BTCUSDT long at {bigdecimal} backed by {bigdecimal} USDT at a mark price of {bigdecimal}")
    public void platformAsks(java.math.BigDecimal amount, java.math.BigDecimal quantity, java.math.BigDecimal entry,
                             java.math.BigDecimal margin, java.math.BigDecimal mark) {
        state.removal = Map.of("action", "REMOVE_MARGIN",
                "params", Map.of("symbol", "BTCUSDT", "amount", amount.toPlainString()),
                "facts", Map.of("account", Map.of("accountId", "rule-office", "balances", Map.of("USDT", "5000")),
                        "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                        "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", quantity.toPlainString(),
                                "entryPrice", entry.toPlainString(), "leverage", "20", "mode", "ISOLATED",
                                "isolatedMargin", margin.toPlainString())),
                        "orders", List.of(), "markPrices", Map.of("BTCUSDT", mark.toPlainString())));
        decide();
    }

    private void decide() {
        state.lastDecision = platform().body(state.removal).post("/v1/decisions").then().statusCode(200)
                .extract().jsonPath();
    }

    @When("the risk officer asks for the impact of requiring the initial margin on removals, over the latest {int} decisions")
    public void askForImpact(int latest) {
        String decisionId = state.lastDecision.getString("decisionId");
        // the decision log is written in the background: wait until the removal is in it
        Await.until(() -> officer().get("/v1/decisions/" + decisionId).statusCode() == 200, Duration.ofSeconds(5));
        String text = read(folder().resolve("isolated-margin.drl"))
                .replace(MAINTENANCE_RULE, INITIAL_RULE)
                .replace("marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter < initialMargin )");
        state.lastAnswer = officer().body(Map.of("files", Map.of("isolated-margin.drl", text), "last", latest))
                .post("/v1/rules/impact");
    }

    @Then("the impact report shows the platform's removal flipping from ALLOW to DENY")
    public void impactShowsTheFlip() {
        state.lastAnswer.then().statusCode(200);
        JsonPath report = state.lastAnswer.jsonPath();
        assertTrue(report.getInt("allowToDeny") >= 1, report::prettify);
        String decisionId = state.lastDecision.getString("decisionId");
        List<Map<String, Object>> examples = report.getList("examples");
        Map<String, Object> ours = examples.stream().filter(e -> decisionId.equals(e.get("decisionId"))).findFirst()
                .orElseThrow(() -> new AssertionError("the removal " + decisionId + " is not among " + report.prettify()));
        assertEquals("ALLOW_TO_DENY", ours.get("change"));
        assertNotEquals(revisionInForce(), report.getString("candidateRevision"));
    }

    @Given("the removal is allowed under the rule set in force")
    @Then("the same removal is still allowed")
    @Then("the same removal is allowed again")
    public void removalAllowed() {
        decide();
        assertEquals("ALLOW", state.lastDecision.getString("decision"), () -> state.lastDecision.prettify());
        assertEquals(revisionInForce(), state.lastDecision.getString("ruleSetRevision"));
    }

    @When("the risk officer edits {string} so that removing margin must leave the initial margin covered, and example E4 to expect the removal denied")
    public void tightenRemoval(String file) {
        edit(file, MAINTENANCE_RULE, INITIAL_RULE);
        edit(file, "marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter < initialMargin )");
        // the policy examples pin the rule by its name, and E4 (remove 900 of 1,000) as allowed
        ServedRules rules = served();
        ServedRules.journal().edit(rules.service(), rules.folder(), ShippedRules.REMOVAL_EXAMPLES,
                ShippedRules::tightenedRemovalExamples);
    }

    @When("the risk officer deletes a closing parenthesis in {string}")
    public void breakFile(String file) {
        edit(file, MAINTENANCE_CONDITION, MAINTENANCE_CONDITION.replace(" )", ""));
    }

    /** A reload where approvals are required answers with the proposal it opened: the approval steps act on it. */
    @When("the risk officer reloads the rules")
    public void reload() {
        state.revisionBefore = revisionInForce();
        state.lastAnswer = officer().post("/v1/rules/reload");
        if (state.lastAnswer.statusCode() == 202) {
            proposals.proposal = state.lastAnswer.jsonPath();
        }
    }

    @Given("the risk officer has tightened the removal rule to the initial margin and reloaded, and the approver approved")
    public void tightenedReloadedAndApproved() {
        tightenRemoval("isolated-margin.drl");
        reload();
        reloadOpensAProposal();
        Response approval = service.as(RiskPolicyService.approverAuthorization())
                .post("/v1/rules/proposals/" + proposals.proposal.getLong("proposalId") + "/approvals");
        proposals.activated = approval.statusCode() == 200;
        approval.then().statusCode(200);
        theNewRulesAreInForce();
    }

    @Then("the reload opens a proposal by the risk officer, waiting for one approval")
    public void reloadOpensAProposal() {
        state.lastAnswer.then().statusCode(202).header("Location", endsWith("/v1/rules/proposals/"
                + state.lastAnswer.jsonPath().getLong("proposalId")));
        JsonPath proposal = state.lastAnswer.jsonPath();
        assertEquals("OPEN", proposal.getString("status"), proposal::prettify);
        assertEquals(officerName(), proposal.getString("proposedBy"));
        assertEquals(1, proposal.getInt("approvalsRequired"), "the service under test must require one approval");
        assertEquals(state.revisionBefore, proposal.getString("baseRevision"));
    }

    @Then("the rule set shows the reload waiting for its approval")
    public void ruleSetShowsTheProposal() {
        JsonPath rules = officer().get("/v1/rules").then().statusCode(200).extract().jsonPath();
        assertEquals("PROPOSED", rules.getString("lastReload.outcome"), rules::prettify);
        assertEquals(proposals.proposal.getLong("proposalId"), rules.getLong("lastReload.proposalId"));
        assertEquals(proposals.proposal.getString("revision"), rules.getString("folderRevision"));
        assertEquals(false, rules.getBoolean("servesFolder"));
    }

    @Then("the new rules are in force under a new revision")
    public void theNewRulesAreInForce() {
        assertNotEquals(state.revisionBefore, revisionInForce());
        assertEquals(proposals.proposal.getString("revision"), revisionInForce());
    }

    @Then("the same removal is now denied with {word} under the rule {string}")
    public void removalDenied(String code, String rule) {
        decide();
        assertEquals("DENY", state.lastDecision.getString("decision"), () -> state.lastDecision.prettify());
        assertEquals(List.of(code), state.lastDecision.getList("violations.code"));
        assertEquals(List.of(rule), state.lastDecision.getList("violations.rule"));
    }

    @Then("the decision names the new revision")
    public void decisionNamesTheNewRevision() {
        assertEquals(revisionInForce(), state.lastDecision.getString("ruleSetRevision"));
        assertNotEquals(state.shippedRevision, state.lastDecision.getString("ruleSetRevision"));
    }

    @Then("the revisions record the risk officer's reload, approved by the approver, with {string} and {string} modified")
    public void revisionsRecordTheReload(String file, String other) {
        JsonPath latest = officer().get("/v1/rules/revisions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals(revisionInForce(), latest.getString("[0].revision"));
        assertEquals(state.revisionBefore, latest.getString("[0].previousRevision"));
        assertEquals("PROPOSAL", latest.getString("[0].source"), latest::prettify);
        assertEquals(proposals.proposal.getLong("proposalId"), latest.getLong("[0].proposalId"));
        assertEquals(proposals.proposal.getString("reason"), latest.getString("[0].reason"));
        assertEquals(List.of(approverName()), latest.getList("[0].approvedBy"));
        assertEquals(List.of(Map.of("file", file, "change", "MODIFIED"), Map.of("file", other, "change", "MODIFIED")),
                latest.getList("[0].filesChanged"));
        JsonPath proposal = officer().get("/v1/rules/proposals/" + proposals.proposal.getLong("proposalId"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(officerName(), proposal.getString("proposedBy"));
    }

    private static String officerName() {
        return System.getProperty("acceptance.officer.user", "officer");
    }

    private static String approverName() {
        return System.getProperty("acceptance.approver.user", "approver");
    }

    @Then("the refusal names the invalid proposal the folder is kept as")
    public void refusalNamesTheInvalidProposal() {
        long id = state.lastAnswer.jsonPath().getLong("proposalId");
        JsonPath proposal = officer().get("/v1/rules/proposals/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("INVALID", proposal.getString("status"), proposal::prettify);
        assertEquals(state.lastAnswer.jsonPath().getList("errors"), proposal.getList("errors"));
    }

    @Then("the reload is refused with an error in {string} at a line of that file")
    public void reloadRefused(String file) {
        state.lastAnswer.then().statusCode(422).contentType("application/problem+json");
        assertErrorIn(state.lastAnswer.jsonPath(), file);
    }

    private void assertErrorIn(JsonPath answer, String file) {
        assertEquals(file, answer.getString("errors[0].file"), answer::prettify);
        int line = answer.getInt("errors[0].line");
        long lines = read(folder().resolve(file)).lines().count();
        assertTrue(line >= 1 && line <= lines, () -> "line " + line + " is not a line of " + file);
        assertTrue(!answer.getString("errors[0].message").isBlank());
    }

    @Then("the rules in force are still the shipped rules")
    @Then("the rules in force are the shipped rules again")
    public void stillShipped() {
        assertEquals(state.shippedRevision, revisionInForce());
    }

    @Then("the rule set shows the refused reload with its error")
    public void ruleSetShowsRefusal() {
        JsonPath rules = officer().get("/v1/rules").then().statusCode(200).extract().jsonPath();
        assertEquals("REFUSED", rules.getString("lastReload.outcome"));
        assertEquals("isolated-margin.drl", rules.getString("lastReload.errors[0].file"));
    }

    @When("the risk officer validates a candidate {string} with a closing parenthesis missing")
    public void validateBroken(String file) {
        String text = read(folder().resolve(file));
        state.lastAnswer = officer().body(Map.of("files", Map.of(file, text.replace(MAINTENANCE_CONDITION,
                MAINTENANCE_CONDITION.replace(" )", ""))))).post("/v1/rules/validate");
    }

    @Then("the candidate is reported invalid with an error in {string} at a line of that file")
    public void candidateInvalid(String file) {
        state.lastAnswer.then().statusCode(200);
        assertEquals(false, state.lastAnswer.jsonPath().getBoolean("valid"));
        assertErrorIn(state.lastAnswer.jsonPath(), file);
    }

    @When("the risk officer rolls back to the shipped revision")
    public void rollBack() {
        officer().body(Map.of("revision", state.shippedRevision)).post("/v1/rules/rollback").then().statusCode(200);
    }

    @Then("the rules folder holds the shipped text of {string} again")
    public void folderHoldsShippedText(String file) {
        assertEquals(served().files().get(file), read(folder().resolve(file)));
    }
}
