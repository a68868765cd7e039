package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.Vocabulary.MarginTransfer;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/** The margin of an isolated position: adding it from the cross wallet, removing it back there, previewing either. */
public class MarginSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} has added {amount} {currency} of margin to the {symbol} position")
    public void hasAdded(String trader, BigDecimal amount, String currency, String symbol) {
        Decision decision = service.adjustMargin(state.accountId(trader), symbol, MarginTransfer.ADD, amount, currency);
        assertTrue(decision.allowed(), () -> "the margin could not be added: " + decision);
    }

    @Given("{trader} has removed {amount} {currency} of margin from the {symbol} position")
    public void hasRemoved(String trader, BigDecimal amount, String currency, String symbol) {
        Decision decision = service.adjustMargin(state.accountId(trader), symbol, MarginTransfer.REMOVE, amount,
                currency);
        assertTrue(decision.allowed(), () -> "the margin could not be removed: " + decision);
    }

    @When("{trader} adds {amount} {currency} of margin to the {symbol} position")
    public void adds(String trader, BigDecimal amount, String currency, String symbol) {
        state.decided(service.adjustMargin(state.accountId(trader), symbol, MarginTransfer.ADD, amount, currency));
    }

    @When("{trader} removes {amount} {currency} of margin from the {symbol} position")
    public void removes(String trader, BigDecimal amount, String currency, String symbol) {
        state.decided(service.adjustMargin(state.accountId(trader), symbol, MarginTransfer.REMOVE, amount, currency));
    }

    /** An amount as the trader typed it, zero and negative numbers included, which the service must refuse as invalid. */
    @When("{trader} asks to add {word} USDT of margin to the {symbol} position")
    public void asksToAdd(String trader, String amount, String symbol) {
        state.refused(service.adjustMarginInvalidly(state.accountId(trader), symbol, MarginTransfer.ADD, amount,
                AccountSteps.SETTLEMENT_CURRENCY));
    }

    @When("{trader} asks to remove {word} USDT of margin from the {symbol} position")
    public void asksToRemove(String trader, String amount, String symbol) {
        state.refused(service.adjustMarginInvalidly(state.accountId(trader), symbol, MarginTransfer.REMOVE, amount,
                AccountSteps.SETTLEMENT_CURRENCY));
    }

    @When("{trader} previews adding {amount} {currency} of margin to the {symbol} position")
    public void previewsAdding(String trader, BigDecimal amount, String currency, String symbol) {
        state.decided(service.checkMargin(state.accountId(trader), symbol, MarginTransfer.ADD, amount, currency));
    }

    @When("{trader} previews removing {amount} {currency} of margin from the {symbol} position")
    public void previewsRemoving(String trader, BigDecimal amount, String currency, String symbol) {
        state.decided(service.checkMargin(state.accountId(trader), symbol, MarginTransfer.REMOVE, amount, currency));
    }
}
