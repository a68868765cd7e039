package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.Rows.ExpectedOutcome;
import com.riskpolicy.acceptance.Rows.Reason;
import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.Violation;
import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.Outcome;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;

/**
 * The policy's decisions: allowed, or denied with stable codes and the names of the rules that
 * denied. "Under this rule" means the sentence of the scenario's Gherkin {@code Rule:}.
 */
public class DecisionSteps {

    private static final Comparator<Reason> BY_CODE = Comparator.comparing(Reason::code);

    @Inject
    ScenarioState state;

    @Before
    public void remember(Scenario scenario) {
        state.running(scenario);
    }

    @Then("the {decided} is allowed")
    public void allowed(Action action) {
        Decision decision = state.lastDecision(action);
        assertTrue(decision.allowed() && decision.violations().isEmpty(), () -> "expected ALLOW: " + decision);
    }

    @Then("the {decided} is {outcome} under this rule")
    public void outcomeUnderThisRule(Action action, ExpectedOutcome outcome) {
        if (outcome.allowed()) {
            allowed(action);
        } else {
            deniedBy(action, List.of(new Reason(outcome.code(), state.documentedRule())));
        }
    }

    @Then("the {decided} is denied with {code} under the rule {string}")
    public void deniedUnderRule(Action action, String code, String rule) {
        deniedBy(action, List.of(new Reason(code, rule)));
    }

    @Then("the {decided} is denied for these reasons:")
    public void deniedFor(Action action, List<Reason> reasons) {
        deniedBy(action, reasons);
    }

    /** Denied, with exactly these violations (in any order), each naming the rule that found it. */
    private void deniedBy(Action action, List<Reason> expected) {
        Decision decision = state.lastDecision(action);
        assertEquals(Outcome.DENY, decision.decision(), () -> "expected DENY: " + decision);
        List<Reason> actual = decision.violations().stream()
                .map(DecisionSteps::reason)
                .sorted(BY_CODE)
                .toList();
        List<Reason> wanted = expected.stream().sorted(BY_CODE).toList();
        assertEquals(wanted, actual, "violations (code and rule)");
    }

    private static Reason reason(Violation violation) {
        return new Reason(violation.code(), violation.rule());
    }
}
