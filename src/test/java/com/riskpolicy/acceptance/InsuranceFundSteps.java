package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/**
 * The insurance fund, one per settlement currency: it receives what is left of a liquidated
 * position's margin and pays what a liquidation lacks. It is shared by every account, so a scenario
 * that relies on what it holds says so, and the fund is put back afterwards (see {@link ScenarioCleanup}).
 */
public class InsuranceFundSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    /** Pays in, or takes out, the difference between what the fund holds and {@code amount}. */
    @Given("the {currency} insurance fund holds {amount}")
    public void fundHolds(String currency, BigDecimal amount) {
        BigDecimal before = service.insuranceFund(currency);
        state.insuranceFundSet(currency, before);
        BigDecimal difference = amount.subtract(before);
        if (difference.signum() != 0) {
            service.transferInsuranceFund(currency, difference);
        }
    }

    @Then("the {currency} insurance fund now/still holds {amount}")
    public void fundHoldsNow(String currency, BigDecimal amount) {
        assertAmount(currency + " insurance fund", amount, service.insuranceFund(currency));
    }

    @Then("the {currency} insurance fund is now {amount} below zero")
    public void fundBelowZero(String currency, BigDecimal amount) {
        assertAmount(currency + " insurance fund", amount.negate(), service.insuranceFund(currency));
    }
}
