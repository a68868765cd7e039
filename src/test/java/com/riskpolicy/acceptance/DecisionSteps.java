package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.Rows.Caution;
import com.riskpolicy.acceptance.Rows.ExpectedOutcome;
import com.riskpolicy.acceptance.Rows.FigureChange;
import com.riskpolicy.acceptance.Rows.Reason;
import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.Position;
import com.riskpolicy.acceptance.ServiceViews.Preview;
import com.riskpolicy.acceptance.ServiceViews.Violation;
import com.riskpolicy.acceptance.ServiceViews.Warning;
import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.Outcome;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The policy's decisions: allowed, or denied with stable codes and the names of the rules that
 * denied; the cautions that never block; and the preview of what the action would do. "Under this
 * rule" means the sentence of the scenario's Gherkin {@code Rule:}.
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
        outcomeUnderRule(action, outcome, state.documentedRule());
    }

    @Then("the {decided} is {outcome} under the rule {string}")
    public void outcomeUnderRule(Action action, ExpectedOutcome outcome, String rule) {
        if (outcome.allowed()) {
            allowed(action);
        } else {
            deniedBy(action, List.of(new Reason(outcome.code(), rule)));
        }
    }

    @Then("the {decided} is denied for these reasons:")
    public void deniedFor(Action action, List<Reason> reasons) {
        deniedBy(action, reasons);
    }

    /** Invalid input is not a policy matter: the request is refused before any rule is asked. */
    @Then("the request is refused as invalid for its {word}, without a decision")
    public void refusedAsInvalid(String field) {
        assertEquals(List.of(field), state.lastRefusal().fields(), "fields named as invalid");
    }

    /** Exactly the one caution (or none), naming the scenario's rule; a caution never changes the outcome. */
    @Then("the {decided} comes with {caution} under this rule")
    public void comesWith(Action action, Caution caution) {
        Decision decision = state.lastDecision(action);
        List<Reason> actual = decision.warnings().stream().map(DecisionSteps::reason).toList();
        List<Reason> expected = caution.code() == null
                ? List.of()
                : List.of(new Reason(caution.code(), state.documentedRule()));
        assertEquals(expected, actual, "cautions (code and rule)");
    }

    /** The settlement currency the action moves, or would move, from the cross wallet into isolated margin. */
    @Then("the {decided} moves {amount} USDT from the cross wallet into the position")
    @Then("the {decided} would move {amount} USDT from the cross wallet into the position")
    public void moves(Action action, BigDecimal amount) {
        assertAmount("moved from the cross wallet into the position", amount, preview(action).transferFromCross());
    }

    @Then("the {decided} returns {amount} USDT from the position to the cross wallet")
    @Then("the {decided} would return {amount} USDT from the position to the cross wallet")
    public void returns(Action action, BigDecimal amount) {
        assertAmount("moved from the cross wallet into the position (negative: returned)", amount.negate(),
                preview(action).transferFromCross());
    }

    /** The preview of the action's position: each listed figure before the action and as it would be after. */
    @Then("the {decided} shows the position before and after:")
    public void showsPosition(Action action, List<FigureChange> figures) {
        Preview preview = preview(action);
        assertNotNull(preview.before(), "the preview shows no position before the " + action);
        assertNotNull(preview.after(), "the preview shows no position after the " + action);
        for (FigureChange figure : figures) {
            assertFigure(figure.figure() + " before", figure.before(), preview.before(), figure);
            assertFigure(figure.figure() + " after", figure.after(), preview.after(), figure);
        }
    }

    @Then("the {decided} shows a cross risk ratio of {ratio} before and {ratio} after")
    public void showsCrossRiskRatio(Action action, BigDecimal before, BigDecimal after) {
        Preview preview = preview(action);
        assertAmount("cross risk ratio before", before, preview.crossRiskRatioBefore());
        assertAmount("cross risk ratio after", after, preview.crossRiskRatioAfter());
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

    private Preview preview(Action action) {
        Decision decision = state.lastDecision(action);
        assertNotNull(decision.preview(), () -> "the decision has no preview: " + decision);
        return decision.preview();
    }

    private static void assertFigure(String what, Optional<BigDecimal> expected, Position position,
                                     FigureChange figure) {
        BigDecimal actual = position.figure(figure.figure());
        if (expected.isPresent()) {
            assertAmount(what, expected.get(), actual);
        } else {
            assertNull(actual, what);
        }
    }

    private static Reason reason(Violation violation) {
        return new Reason(violation.code(), violation.rule());
    }

    private static Reason reason(Warning warning) {
        return new Reason(warning.code(), warning.rule());
    }
}
