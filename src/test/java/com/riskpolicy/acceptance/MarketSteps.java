package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Rows.MarkPrice;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;

/**
 * Mark prices. They belong to the market, not to an account: setting one moves every account's
 * figures in that contract, so each feature sets the prices its scenarios rely on. Every new mark
 * price is also checked against the liquidation thresholds; the scenario remembers what the latest
 * mark-price step brought about.
 */
public class MarketSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("the mark prices are:")
    public void markPrices(List<MarkPrice> prices) {
        state.markPricesChanged(prices.stream().map(price -> service.setMarkPrice(price.symbol(), price.price()))
                .toList());
    }

    @Given("the mark price of {symbol} is {amount}")
    public void markPrice(String symbol, BigDecimal price) {
        state.markPricesChanged(List.of(service.setMarkPrice(symbol, price)));
    }

    /** One mark price after the other, a repeated one included: | mark price | */
    @When("the mark price of {symbol} moves through:")
    public void movesThrough(String symbol, List<MarkPrice> prices) {
        state.markPricesChanged(prices.stream().map(price -> service.setMarkPrice(symbol, price.price())).toList());
    }
}
