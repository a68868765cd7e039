package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.ServiceViews.Decision;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/** A contract's leverage, and its position's: changing it, or previewing the change. */
public class LeverageSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} has changed the {symbol} leverage to {leverage}")
    public void hasChanged(String trader, String symbol, BigDecimal leverage) {
        Decision decision = service.changeLeverage(state.accountId(trader), symbol, leverage);
        assertTrue(decision.allowed(), () -> "the leverage could not be changed: " + decision);
    }

    @When("{trader} changes the {symbol} leverage to {leverage}")
    public void changes(String trader, String symbol, BigDecimal leverage) {
        state.decided(service.changeLeverage(state.accountId(trader), symbol, leverage));
    }

    @When("{trader} previews changing the {symbol} leverage to {leverage}")
    public void previewsChanging(String trader, String symbol, BigDecimal leverage) {
        state.decided(service.checkLeverage(state.accountId(trader), symbol, leverage));
    }
}
