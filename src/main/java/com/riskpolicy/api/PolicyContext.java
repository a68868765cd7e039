package com.riskpolicy.api;

import com.riskpolicy.api.ApiViews.AccountView;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request needs from the rule set: known symbols and currencies, account views, and the rule
 * set itself for the decision. A request takes the active rule set once, the first time it asks, and
 * keeps it: the input it checked and the decision it gets come from the same rules, even when a
 * reload activates others meanwhile. Public for the console, whose what-if page reads the body of a
 * stateless decision as {@code POST /v1/decisions} does ({@link StatelessFacts}).
 */
@RequestScoped
public class PolicyContext {

    @Inject
    RuleEngine engine;

    private RuleSet rules;

    /** The rule set of this request. */
    public RuleSet rules() {
        if (rules == null) {
            rules = engine.active();
        }
        return rules;
    }

    RiskCatalog catalog() {
        return rules().catalog();
    }

    /** A symbol in the path: unknown is 404. */
    String pathSymbol(String symbol) {
        if (catalog().contract(symbol).isEmpty()) {
            throw new NotFoundException("unknown symbol " + symbol);
        }
        return symbol;
    }

    /** A symbol in a query parameter: unknown is 400 naming the parameter. */
    void querySymbol(String parameter, String symbol) {
        bodySymbol(parameter, symbol);
    }

    /** A settlement currency in the path: one no listed contract settles in is 404. */
    String settlementCurrency(String currency) {
        if (catalog().contracts().values().stream().noneMatch(c -> c.settlementCurrency().equals(currency))) {
            throw new NotFoundException("no listed contract settles in " + currency);
        }
        return currency;
    }

    /** A symbol in the body: unknown is 400 naming the field. */
    Contract bodySymbol(String field, String symbol) {
        return catalog().contract(symbol).orElseThrow(() ->
                new InvalidInputException(field, "is not a listed contract: " + symbol + " (listed: "
                        + new TreeSet<>(catalog().contracts().keySet()) + ")"));
    }

    /** A currency the cross wallet accepts. */
    void collateralCurrency(String field, String currency) {
        if (!catalog().collateral().containsKey(currency)) {
            throw new InvalidInputException(field, "is not accepted as collateral: " + currency + " (accepted: "
                    + new TreeSet<>(catalog().collateral().keySet()) + ")");
        }
    }

    /**
     * A currency the rule set knows at all: one the cross wallet accepts or one a contract settles
     * in. Whether it may be used for an action is the rules' decision.
     */
    void knownCurrency(String field, String currency) {
        Set<String> known = new TreeSet<>(catalog().collateral().keySet());
        catalog().contracts().values().forEach(contract -> known.add(contract.settlementCurrency()));
        if (!known.contains(currency)) {
            throw new InvalidInputException(field, "is not a currency of the rule set: " + currency + " (known: "
                    + known + ")");
        }
    }

    void collateralCurrencies(String field, Map<String, BigDecimal> balances) {
        if (balances != null) {
            balances.keySet().forEach(currency -> collateralCurrency(field + "." + currency, currency));
        }
    }

    AccountView view(AccountSnapshot account) {
        return AccountView.of(account, rules().math().accountRisk(account));
    }
}
