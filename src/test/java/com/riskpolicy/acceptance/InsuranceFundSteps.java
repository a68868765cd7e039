package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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

    @When("the platform pays {amount} into the {currency} insurance fund")
    public void platformPaysIn(BigDecimal amount, String currency) {
        service.transferInsuranceFund(currency, amount);
    }

    @When("the platform takes {amount} out of the {currency} insurance fund")
    public void platformTakesOut(BigDecimal amount, String currency) {
        service.transferInsuranceFund(currency, amount.negate());
    }

    /** | currency | amount | balance after | made by |; an amount taken out is negative, "the platform" is its user. */
    @Then("the insurance fund's latest movements, newest first, are:")
    public void latestMovements(DataTable expected) {
        List<Map<String, String>> rows = expected.asMaps();
        List<RiskPolicyService.FundTransfer> transfers = service.insuranceFundTransfers(rows.size());
        assertEquals(rows.size(), transfers.size(), () -> "the fund's movements: " + transfers);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            RiskPolicyService.FundTransfer transfer = transfers.get(i);
            String which = "movement " + (i + 1) + " of " + transfers;
            assertEquals(row.get("currency"), transfer.currency(), which);
            assertAmount(which + ": amount", new BigDecimal(row.get("amount").replace(",", "")), transfer.amount());
            assertAmount(which + ": balance after", new BigDecimal(row.get("balance after").replace(",", "")),
                    transfer.balanceAfter());
            assertEquals("the platform".equals(row.get("made by")) ? RiskPolicyService.platformUser() : row.get("made by"),
                    transfer.by(), which);
        }
    }
}
