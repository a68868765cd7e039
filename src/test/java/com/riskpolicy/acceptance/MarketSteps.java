package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Rows.MarkPrice;
import io.cucumber.java.en.Given;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;

/**
 * Mark prices. They belong to the market, not to an account: setting one moves every account's
 * figures in that contract, so each feature sets the prices its scenarios rely on.
 */
public class MarketSteps {

    @Inject
    RiskPolicyService service;

    @Given("the mark prices are:")
    public void markPrices(List<MarkPrice> prices) {
        prices.forEach(price -> service.setMarkPrice(price.symbol(), price.price()));
    }

    @Given("the mark price of {symbol} is {amount}")
    public void markPrice(String symbol, BigDecimal price) {
        service.setMarkPrice(symbol, price);
    }
}
