package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A trading platform that keeps its accounts in its own ledger and asks the policy with every fact
 * itself, mark prices included: the service reads and writes nothing of its own for these decisions.
 */
public class PlatformSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("a trading platform keeps {trader}'s account in its own ledger, holding {amount} USDT and {amount} {currency} in the cross wallet")
    public void keepsAccount(String trader, BigDecimal settlement, BigDecimal amount, String currency) {
        Map<String, BigDecimal> balances = state.platformBalances(trader);
        balances.put(AccountSteps.SETTLEMENT_CURRENCY, settlement);
        balances.put(currency, amount);
    }

    @Given("the platform knows a mark price of {amount} for {symbol}")
    public void knowsMarkPrice(BigDecimal price, String symbol) {
        state.platformMarkPrices().put(symbol, price);
    }

    @Given("the platform knows no mark price for {symbol}")
    public void knowsNoMarkPrice(String symbol) {
        state.platformMarkPrices().remove(symbol);
    }

    @When("the platform asks whether {trader} may open a {side} position of {amount} {symbol} at {amount} with {leverage} leverage")
    public void asksToOpen(String trader, PositionSide side, BigDecimal quantity, String symbol, BigDecimal price,
                           BigDecimal leverage) {
        state.decided(service.decideOpeningOnFacts(state.accountId(trader), state.platformBalances(trader),
                state.platformMarkPrices(), symbol, side, quantity, price, leverage));
    }
}
