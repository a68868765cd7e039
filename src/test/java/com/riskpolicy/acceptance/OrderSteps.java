package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.Rows.OrderLine;
import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.Order;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;

/** Open orders: placing them, cancelling them, and the margin they reserve. */
public class OrderSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} has placed a {orderSide} order of {amount} {symbol} at {amount} with {leverage} leverage")
    public void hasPlaced(String trader, OrderSide side, BigDecimal quantity, String symbol, BigDecimal price,
                          BigDecimal leverage) {
        Decision decision = service.placeOrder(state.accountId(trader), symbol, side, quantity, price, leverage);
        assertTrue(decision.allowed(), () -> "the order could not be placed: " + decision);
    }

    @Given("{trader} has placed these {symbol} orders:")
    public void hasPlacedThese(String trader, String symbol, List<OrderLine> orders) {
        orders.forEach(order -> hasPlaced(trader, order.side(), order.quantity(), symbol, order.price(),
                order.leverage()));
    }

    @When("{trader} places a {orderSide} order of {amount} {symbol} at {amount} with {leverage} leverage")
    public void places(String trader, OrderSide side, BigDecimal quantity, String symbol, BigDecimal price,
                       BigDecimal leverage) {
        state.decided(service.placeOrder(state.accountId(trader), symbol, side, quantity, price, leverage));
    }

    @When("{trader} cancels all open {symbol} orders")
    public void cancelsAll(String trader, String symbol) {
        String accountId = state.accountId(trader);
        service.account(accountId).orders(symbol).forEach(order -> service.cancelOrder(accountId, order.orderId()));
    }

    @When("{trader} cancels one of the open {symbol} orders")
    public void cancelsOne(String trader, String symbol) {
        String accountId = state.accountId(trader);
        List<Order> open = service.account(accountId).orders(symbol);
        assertTrue(open.size() > 1, () -> "expected several open " + symbol + " orders, found " + open.size());
        service.cancelOrder(accountId, open.get(0).orderId());
    }

    @Then("{trader} has {int} open {symbol} order(s)")
    public void openOrders(String trader, int count, String symbol) {
        assertEquals(count, orders(trader, symbol).size(), "open " + symbol + " orders");
    }

    @Then("{trader}'s open {symbol} order reserves {amount} USDT")
    public void orderReserves(String trader, String symbol, BigDecimal amount) {
        assertAmount("margin reserved by the " + symbol + " order", amount, onlyOrder(trader, symbol).reservedMargin());
    }

    @Then("{trader}'s open {symbol} order is held in {mode} margin")
    public void orderHeldIn(String trader, String symbol, MarginMode mode) {
        assertEquals(mode, onlyOrder(trader, symbol).mode(), symbol + " order's margin mode");
    }

    private List<Order> orders(String trader, String symbol) {
        return service.account(state.accountId(trader)).orders(symbol);
    }

    private Order onlyOrder(String trader, String symbol) {
        List<Order> open = orders(trader, symbol);
        assertEquals(1, open.size(), "open " + symbol + " orders");
        return open.get(0);
    }
}
