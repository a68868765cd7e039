package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;

/** A contract's margin mode, chosen per account. */
public class MarginModeSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} has chosen {mode} margin for {symbol}")
    public void hasChosen(String trader, MarginMode mode, String symbol) {
        Decision decision = service.switchMarginMode(state.accountId(trader), symbol, mode);
        assertTrue(decision.allowed(), () -> "choosing " + mode + " for " + symbol + " was denied: " + decision);
    }

    @When("{trader} switches {symbol} to {mode} margin")
    public void switches(String trader, String symbol, MarginMode mode) {
        state.decided(service.switchMarginMode(state.accountId(trader), symbol, mode));
    }

    @Then("{trader} (still )trades {symbol} in {mode} margin")
    public void trades(String trader, String symbol, MarginMode mode) {
        assertEquals(mode, service.account(state.accountId(trader)).marginMode(symbol), symbol + " margin mode");
    }
}
