package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.LiquidationEvent;
import com.riskpolicy.acceptance.ServiceViews.MarkPriceChange;
import com.riskpolicy.acceptance.ServiceViews.Problem;
import com.riskpolicy.acceptance.Vocabulary.Action;
import io.cucumber.java.Scenario;
import io.quarkiverse.cucumber.ScenarioScope;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, BigDecimal> insuranceFundsBefore = new LinkedHashMap<>();
    private List<MarkPriceChange> markPriceChanges = List.of();
    private Problem refusal;
    private Scenario scenario;

    /** The account id of the trader the feature calls {@code trader} in this scenario. */
    public String accountId(String trader) {
        return accountIds.computeIfAbsent(trader, name -> name + "-" + UUID.randomUUID());
    }

    /** The trader whose account this is in this scenario; empty for an account another scenario or client made. */
    public Optional<String> trader(String accountId) {
        return accountIds.entrySet().stream()
                .filter(entry -> entry.getValue().equals(accountId))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The account ids this scenario has given its traders; not every one need have an account. */
    public Collection<String> accountIds() {
        return List.copyOf(accountIds.values());
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

    /** The mark prices the latest mark-price step set, one after the other, and what each brought about. */
    public void markPricesChanged(List<MarkPriceChange> changes) {
        this.markPriceChanges = List.copyOf(changes);
    }

    /**
     * What the latest mark-price step brought about to this scenario's accounts, in the order it
     * happened. Another client's accounts are left out: the scenario knows only its own traders.
     */
    public List<LiquidationEvent> lastMarkPriceEvents() {
        return markPriceChanges.stream()
                .flatMap(change -> change.events().stream())
                .filter(event -> trader(event.accountId()).isPresent())
                .toList();
    }

    /** Remembers what the insurance fund held before this scenario first set it, so it can be put back. */
    public void insuranceFundSet(String currency, BigDecimal balanceBefore) {
        insuranceFundsBefore.putIfAbsent(currency, balanceBefore);
    }

    /** The insurance funds this scenario set, with what each held before. */
    public Map<String, BigDecimal> insuranceFundsBefore() {
        return Map.copyOf(insuranceFundsBefore);
    }

    public void running(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The sentence of the Gherkin {@code Rule:} this scenario belongs to. */
    public String documentedRule() {
        return FeatureRules.enclosingRule(scenario.getUri(), scenario.getLine());
    }
}
