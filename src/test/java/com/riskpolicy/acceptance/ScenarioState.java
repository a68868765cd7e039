package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.Problem;
import com.riskpolicy.acceptance.Vocabulary.Action;
import io.cucumber.java.Scenario;
import io.quarkiverse.cucumber.ScenarioScope;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one scenario remembers between its steps; a fresh one for every scenario.
 *
 * <p>Traders are named in the features ("alice"); each scenario gives every name its own account
 * id, so scenarios never share an account and can run against a service that others use too.
 */
@ScenarioScope
public class ScenarioState {

    private final Map<String, String> accountIds = new HashMap<>();
    private final Map<Action, Decision> decisions = new EnumMap<>(Action.class);
    private final Map<String, Map<String, BigDecimal>> platformBalances = new HashMap<>();
    private final Map<String, BigDecimal> platformMarkPrices = new HashMap<>();
    private Problem refusal;
    private Scenario scenario;

    /** The account id of the trader the feature calls {@code trader} in this scenario. */
    public String accountId(String trader) {
        return accountIds.computeIfAbsent(trader, name -> name + "-" + UUID.randomUUID());
    }

    public void decided(Decision decision) {
        decisions.put(decision.action(), decision);
    }

    /** The latest decision on {@code action} in this scenario. */
    public Decision lastDecision(Action action) {
        Decision decision = decisions.get(action);
        if (decision == null) {
            throw new IllegalStateException("no " + action + " has been decided in this scenario yet");
        }
        return decision;
    }

    public void refused(Problem problem) {
        this.refusal = problem;
    }

    /** The latest request refused as invalid input in this scenario. */
    public Problem lastRefusal() {
        if (refusal == null) {
            throw new IllegalStateException("no request has been refused as invalid in this scenario yet");
        }
        return refusal;
    }

    /** The cross wallet of {@code trader}'s account as a platform with its own ledger keeps it. */
    public Map<String, BigDecimal> platformBalances(String trader) {
        return platformBalances.computeIfAbsent(trader, name -> new HashMap<>());
    }

    /** The mark prices such a platform knows; a symbol missing here has no mark price for it. */
    public Map<String, BigDecimal> platformMarkPrices() {
        return platformMarkPrices;
    }

    public void running(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The sentence of the Gherkin {@code Rule:} this scenario belongs to. */
    public String documentedRule() {
        return FeatureRules.enclosingRule(scenario.getUri(), scenario.getLine());
    }
}
