package com.riskpolicy.acceptance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.quarkiverse.cucumber.ScenarioScope;
import io.restassured.http.ContentType;
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
import java.util.stream.Stream;

/**
 * A risk officer at work on the rules folder: editing files, validating, reloading, rolling back.
 *
 * <p>The folder is the one the service under test serves: {@code -Dacceptance.rulesDir}, by default
 * {@code target/test-rules} (the copy this test run's service serves). The shipped files come from
 * {@code rules/}; every scenario ends with the folder and the service back on them.
 */
public class RuleOperationsSteps {

    private static final String MAINTENANCE_CONDITION = "marginBalanceAfter <= maintenanceMargin )";
    private static final String MAINTENANCE_RULE = "rule \"Removing margin must leave the maintenance margin covered\"";
    private static final String INITIAL_RULE = "rule \"Removing margin must leave the initial margin covered\"";

    @Inject
    RiskPolicyService service;
    @Inject
    RuleOfficeState state;

    /** What one scenario remembers. */
    @ScenarioScope
    public static class RuleOfficeState {
        String shippedRevision;
        Map<String, Object> removal;
        JsonPath lastDecision;
        Response lastAnswer;
        String revisionBefore;
        boolean edited;
    }

    private static Path folder() {
        return Path.of(System.getProperty("acceptance.rulesDir", "target/test-rules"));
    }

    private static Path shipped() {
        return Path.of(System.getProperty("acceptance.shippedRulesDir", "rules"));
    }

    private RequestSpecification as(String role) {
        String user = System.getProperty("acceptance." + role + ".user", role);
        String password = System.getProperty("acceptance." + role + ".password", role);
        return given().baseUri(service.baseUrl()).contentType(ContentType.JSON).accept(ContentType.JSON)
                .auth().preemptive().basic(user, password);
    }

    private RequestSpecification officer() {
        return as("officer");
    }

    private String revisionInForce() {
        return officer().get("/v1/rules").then().statusCode(200).extract().jsonPath().getString("revision");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void edit(String file, String from, String to) {
        Path path = folder().resolve(file);
        String text = read(path);
        assertTrue(text.contains(from), () -> file + " no longer contains: " + from);
        try {
            Files.writeString(path, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state.edited = true;
    }

    private void putShippedRulesBack() {
        try (Stream<Path> files = Files.list(shipped())) {
            for (Path file : files.toList()) {
                Files.copy(file, folder().resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        officer().post("/v1/rules/reload").then().statusCode(200);
    }

    @After
    public void backToTheShippedRules() {
        if (state.edited) {
            putShippedRulesBack();
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Given("the rules in force are the shipped rules")
    public void theShippedRules() {
        putShippedRulesBack();
        state.shippedRevision = revisionInForce();
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
        state.lastDecision = as("platform").body(state.removal).post("/v1/decisions").then().statusCode(200)
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

    @When("the risk officer edits {string} so that removing margin must leave the initial margin covered")
    public void tightenRemoval(String file) {
        edit(file, MAINTENANCE_RULE, INITIAL_RULE);
        edit(file, "marginBalanceAfter <= maintenanceMargin )", "marginBalanceAfter < initialMargin )");
    }

    @When("the risk officer deletes a closing parenthesis in {string}")
    public void breakFile(String file) {
        edit(file, MAINTENANCE_CONDITION, MAINTENANCE_CONDITION.replace(" )", ""));
    }

    @When("the risk officer reloads the rules")
    public void reload() {
        state.revisionBefore = revisionInForce();
        state.lastAnswer = officer().post("/v1/rules/reload");
    }

    @Given("the risk officer has tightened the removal rule to the initial margin and reloaded")
    public void tightenedAndReloaded() {
        tightenRemoval("isolated-margin.drl");
        reload();
        theNewRulesAreInForce();
    }

    @Then("the new rules are in force under a new revision")
    public void theNewRulesAreInForce() {
        state.lastAnswer.then().statusCode(200);
        JsonPath answer = state.lastAnswer.jsonPath();
        assertTrue(answer.getBoolean("activated"), () -> answer.prettify());
        assertNotEquals(state.revisionBefore, answer.getString("revision"));
        assertEquals(answer.getString("revision"), revisionInForce());
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

    @Then("the revisions record the reload by the risk officer, with {string} modified")
    public void revisionsRecordTheReload(String file) {
        JsonPath latest = officer().get("/v1/rules/revisions?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals(revisionInForce(), latest.getString("[0].revision"));
        assertEquals(state.revisionBefore, latest.getString("[0].previousRevision"));
        assertEquals("RELOAD", latest.getString("[0].source"));
        assertEquals(System.getProperty("acceptance.officer.user", "officer"), latest.getString("[0].activatedBy"), latest::prettify);
        assertEquals(List.of(Map.of("file", file, "change", "MODIFIED")), latest.getList("[0].filesChanged"));
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
        assertEquals(read(shipped().resolve(file)), read(folder().resolve(file)));
    }
}
