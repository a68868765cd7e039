package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.acceptance.RuleGovernanceSteps.ProposalState;
import com.riskpolicy.acceptance.RuleOperationsSteps.RuleOfficeState;
import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.quarkiverse.cucumber.ScenarioScope;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A risk officer shadows a proposal: its candidate decides the platform's live questions again
 * beside the rules in force, and the shadow counts where the two differ. A shadow a scenario
 * started is stopped after it.
 */
public class RuleShadowSteps {

    /** Every node writes its counts about every second. */
    private static final Duration COUNTED_WITHIN = Duration.ofSeconds(30);

    @Inject
    RiskPolicyService service;
    @Inject
    RuleOfficeState office;
    @Inject
    ProposalState proposal;
    @Inject
    ShadowState state;

    /** What one scenario remembers of its shadow and its answers. */
    @ScenarioScope
    public static class ShadowState {
        /** The proposal whose shadow the scenario started, until it is stopped. */
        Long shadowed;
        final List<BigDecimal> asked = new ArrayList<>();
        final List<JsonPath> answers = new ArrayList<>();
    }

    private RequestSpecification officer() {
        return service.as(RiskPolicyService.officerAuthorization());
    }

    private RequestSpecification platform() {
        return service.as(RiskPolicyService.platformAuthorization());
    }

    private String shadow() {
        return "/v1/rules/proposals/" + proposal.proposal.getLong("proposalId") + "/shadow";
    }

    private JsonPath shadowNow() {
        return officer().get(shadow()).then().statusCode(200).extract().jsonPath();
    }

    /** Runs before the governance steps' roll-back (after-hooks of a higher order run first). */
    @After(order = 20100)
    public void stopTheShadow() {
        if (state.shadowed != null) {
            officer().delete("/v1/rules/proposals/" + state.shadowed + "/shadow").then().statusCode(200);
            state.shadowed = null;
        }
    }

    @When("the risk officer shadows the proposal")
    public void shadowTheProposal() {
        officer().post(shadow()).then().statusCode(201);
        state.shadowed = proposal.proposal.getLong("proposalId");
    }

    @When("the platform asks twice more whether the same {bigdecimal} USDT may be removed")
    public void askTwiceMore(BigDecimal amount) {
        ask(amount);
        ask(amount);
    }

    @When("the platform asks whether {bigdecimal} USDT may be removed from the same position")
    public void askAnotherRemoval(BigDecimal amount) {
        ask(amount);
    }

    @SuppressWarnings("unchecked")
    private void ask(BigDecimal amount) {
        Map<String, Object> removal = new HashMap<>(office.removal);
        Map<String, Object> params = new HashMap<>((Map<String, Object>) removal.get("params"));
        params.put("amount", amount.toPlainString());
        removal.put("params", params);
        state.asked.add(amount);
        state.answers.add(platform().body(removal).post("/v1/decisions").then().statusCode(200).extract().jsonPath());
    }

    @Then("the removals of {bigdecimal} USDT are still allowed and the removal of {bigdecimal} USDT is denied with {word}")
    public void answersUnchanged(BigDecimal allowed, BigDecimal denied, String code) {
        assertEquals(List.of(allowed, allowed, denied), state.asked);
        assertEquals(List.of("ALLOW", "ALLOW", "DENY"), state.answers.stream().map(a -> a.getString("decision")).toList());
        assertEquals(code, state.answers.get(2).getString("violations[0].code"), state.answers.get(2)::prettify);
    }

    @Then("the shadow counts {int} decisions: {int} decided the same, {int} that would turn from allowed to denied with {word}")
    public void counts(int decisions, int same, int turned, String code) {
        JsonPath now = Await.until(this::shadowNow, read -> read.getInt("shadowed") >= decisions, COUNTED_WITHIN);
        assertEquals(List.of(decisions, same, turned, 0), List.of(now.getInt("shadowed"), now.getInt("agreed"),
                now.getInt("disagreed"), now.getInt("failed")), now::prettify);
        assertEquals("ALLOW_TO_DENY", now.getString("disagreements[0].transition.change"), now::prettify);
        assertEquals(List.of(code), now.getList("disagreements[0].transition.candidateViolations"));
        assertEquals(turned, now.getInt("disagreements[0].count"));
    }

    @Then("the shadow shows a removal of {bigdecimal} USDT as an example of what would turn, under the rule {string}")
    public void example(BigDecimal amount, String rule) {
        JsonPath now = shadowNow();
        String request = now.getString("disagreements[0].examples[0].request");
        assertTrue(request.contains("REMOVE_MARGIN") && request.contains("amount=" + amount.toPlainString()), now::prettify);
        assertEquals(state.answers.get(0).getString("decisionId"), now.getString("disagreements[0].examples[0].decisionId"));
        assertTrue(now.getList("disagreements[0].examples[0].candidate.firedRules").contains(rule), now::prettify);
    }

    @When("the risk officer withdraws the proposal")
    public void withdraw() {
        officer().post("/v1/rules/proposals/" + proposal.proposal.getLong("proposalId") + "/withdrawal").then().statusCode(200);
    }

    @Then("the shadow has stopped because the proposal is withdrawn, and still shows its {int} decisions")
    public void stopped(int decisions) {
        JsonPath now = shadowNow();
        assertEquals("STOPPED", now.getString("state"), now::prettify);
        assertEquals("the proposal is WITHDRAWN", now.getString("stopReason"));
        assertEquals(decisions, now.getInt("shadowed"));
    }
}
