package com.riskpolicy.acceptance;

import io.cucumber.java.After;
import io.quarkiverse.cucumber.ScenarioScope;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/**
 * Leaves the service as the scenario found it, as far as other scenarios can tell.
 *
 * <p>Accounts are never shared (each scenario gives its traders fresh account ids), but contracts,
 * their mark prices and the insurance fund are: every new mark price liquidates whichever positions
 * on the contract it brings to their threshold, and auto-deleveraging takes positions of any account
 * on the other side. A position a scenario left open would be liquidated by a later scenario's mark
 * price, or reduced to cover a later scenario's liquidation. So after every scenario, pass or fail,
 * each of its accounts has its open orders cancelled and its positions closed, and an insurance
 * fund the scenario set is put back to what it held before. In {@code mvn verify} the scenarios run
 * one at a time, so each starts with no position on any contract but its own; against a shared
 * service ({@code -Dacceptance.baseUrl}) other clients' positions and liquidations may still be there.
 *
 * <p>A class with hooks and no steps is not made a bean by the Cucumber extension, so it says what
 * the step classes get by default.
 */
@ScenarioScope
@Unremovable
public class ScenarioCleanup {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @After
    public void closeEverythingOpened() {
        for (String accountId : state.accountIds()) {
            service.findAccount(accountId).ifPresent(account -> {
                account.orders().forEach(order -> service.cancelOrder(accountId, order.orderId()));
                account.positions().forEach(position -> service.closePosition(accountId, position.symbol()));
            });
        }
        state.insuranceFundsBefore().forEach((currency, before) -> {
            BigDecimal difference = before.subtract(service.insuranceFund(currency));
            if (difference.signum() != 0) {
                service.transferInsuranceFund(currency, difference);
            }
        });
    }
}
