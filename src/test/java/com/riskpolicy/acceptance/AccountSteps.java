package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.acceptance.Rows.CrossAccountFigures;
import com.riskpolicy.acceptance.ServiceViews.Account;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A trader's Unified Account and the figures of its cross-margin account. */
public class AccountSteps {

    /** The settlement currency of every contract the features trade. */
    static final String SETTLEMENT_CURRENCY = "USDT";
    private static final String BTC = "BTC";

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} has a Unified Account holding {amount} USDT in the cross wallet")
    public void account(String trader, BigDecimal amount) {
        service.createAccount(state.accountId(trader), Map.of(SETTLEMENT_CURRENCY, amount));
    }

    @Given("{trader} has a Unified Account holding {amount} USDT and {amount} {currency} in the cross wallet")
    public void accountWithCollateral(String trader, BigDecimal settlement, BigDecimal amount, String currency) {
        service.createAccount(state.accountId(trader), Map.of(SETTLEMENT_CURRENCY, settlement, currency, amount));
    }

    @Given("{trader} has deposited {amount} USDT")
    public void deposited(String trader, BigDecimal amount) {
        service.deposit(state.accountId(trader), SETTLEMENT_CURRENCY, amount);
    }

    @Then("{trader}'s cross account shows:")
    public void crossAccountShows(String trader, List<CrossAccountFigures> rows) {
        assertEquals(1, rows.size(), "one row of figures per account");
        CrossAccountFigures expected = rows.get(0);
        Account account = service.account(state.accountId(trader));
        if (expected.walletUsdt() != null) {
            assertAmount("USDT in the cross wallet", expected.walletUsdt(), account.balance(SETTLEMENT_CURRENCY));
        }
        if (expected.walletBtc() != null) {
            assertAmount("BTC in the cross wallet", expected.walletBtc(), account.balance(BTC));
        }
        if (expected.crossEquity() != null) {
            assertAmount("cross equity", expected.crossEquity(), account.crossEquity());
        }
        if (expected.crossInitialMargin() != null) {
            assertAmount("cross initial margin", expected.crossInitialMargin(), account.crossInitialMargin());
        }
        if (expected.crossMaintenanceMargin() != null) {
            assertAmount("cross maintenance margin", expected.crossMaintenanceMargin(),
                    account.crossMaintenanceMargin());
        }
        if (expected.transferable() != null) {
            assertAmount("transferable", expected.transferable(), account.transferable());
        }
        if (expected.crossRiskRatio() != null) {
            assertAmount("cross risk ratio", expected.crossRiskRatio(), account.crossRiskRatio());
        }
    }

    @Then("{trader}'s cross wallet holds {amount} USDT")
    public void crossWalletHolds(String trader, BigDecimal amount) {
        assertAmount("USDT in the cross wallet", amount,
                service.account(state.accountId(trader)).balance(SETTLEMENT_CURRENCY));
    }
}
