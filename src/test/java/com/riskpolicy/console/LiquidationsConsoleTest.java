package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's liquidations page without a browser: who may read it, a contract it does not list
 * named on the page, and the insurance fund's deposits and withdrawals recorded with who made them.
 */
@QuarkusTest
class LiquidationsConsoleTest {

    @Test
    void auditors_read_it_and_platform_users_are_refused() {
        as("auditor").get("/console/liquidations").then().statusCode(200)
                .body(containsString("aria-current=\"page\">Liquidations"))
                .body(containsString("id=\"adl-symbol\""));
        as("platform").get("/console/liquidations").then().statusCode(403);
    }

    @Test
    void a_contract_it_does_not_list_is_named_on_the_page() {
        as("officer").queryParam("symbol", "DOGEUSDT").get("/console/liquidations").then().statusCode(200)
                .body(containsString("role=\"alert\""))
                .body(containsString("symbol: &#39;DOGEUSDT&#39; is none of [BTCUSDT, ETHUSDT]"));
    }

    @Test
    void a_deposit_and_a_withdrawal_are_movements_of_the_fund_with_who_made_them_and_the_balance_they_left() {
        // an amount no other test moves, put back at once
        String amount = "12.34567891";
        as("platform").body(Map.of("amount", amount)).post("/v1/insurance-fund/USDT/deposits").then().statusCode(200);
        String after = as("auditor").get("/v1/insurance-fund").jsonPath().getString("USDT");
        as("platform").body(Map.of("amount", amount)).post("/v1/insurance-fund/USDT/withdrawals").then().statusCode(200);

        as("auditor").get("/console/liquidations").then().statusCode(200)
                .body(containsString("<td>deposit</td><td>" + amount + " USDT</td>\n          <td>" + after + "</td><td>platform</td>"))
                .body(containsString("<td>withdrawal</td><td>-" + amount + " USDT</td>"))
                .body(not(containsString("No deposit, withdrawal or liquidation has moved the fund")));
    }
}
