package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.decimal;
import static com.riskpolicy.api.Api.markPrice;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void creating_an_account_returns_it_with_its_cross_figures() {
        String accountId = Api.uniqueAccount("alice");
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "balances", Map.of("USDT", "10000", "BTC", "0.5")))
                .post("/v1/accounts")
                .then().statusCode(201)
                .header("Location", containsString("/v1/accounts/" + accountId))
                .body("accountId", equalTo(accountId))
                .body("balances.USDT", equalTo("10000.00000000"))
                .body("balances.BTC", equalTo("0.50000000"))
                .body("transferable", equalTo("10000.00000000"))
                .body("crossRiskRatio", equalTo("0.00000000"))
                .body("positions", empty());
    }

    @Test
    void an_account_id_can_be_used_only_once() {
        String accountId = createAccount("dup", Map.of("USDT", "1"));
        post("/v1/accounts", Map.of("accountId", accountId)).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already exists"));
    }

    @Test
    void an_unknown_account_is_not_found() {
        account("nobody-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void a_deposit_credits_the_cross_wallet() {
        String accountId = createAccount("dep", Map.of("USDT", "100"));
        post("/v1/accounts/" + accountId + "/deposits", Map.of("currency", "USDT", "amount", "0.12345678"))
                .then().statusCode(200).body("balances.USDT", equalTo("100.12345678"));
        post("/v1/accounts/" + accountId + "/deposits", Map.of("currency", "ETH", "amount", 2))
                .then().statusCode(200).body("balances.ETH", equalTo("2.00000000"));
    }

    @Test
    void a_deposit_in_a_currency_that_is_not_collateral_is_refused_naming_the_field() {
        String accountId = createAccount("dep", Map.of("USDT", "100"));
        post("/v1/accounts/" + accountId + "/deposits", Map.of("currency", "DOGE", "amount", "1"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("currency"));
        post("/v1/accounts/" + accountId + "/deposits", Map.of("currency", "USDT", "amount", "0.000000001"))
                .then().statusCode(400).body("errors[0].field", equalTo("amount"));
        account(accountId).then().body("balances.USDT", equalTo("100.00000000")).body("balances.DOGE", equalTo(null));
    }

    @Test
    void walk_through_isolated_position_then_switching_back_is_denied_with_the_rule_that_decided() {
        String accountId = createAccount("walk", Map.of("USDT", "10000"));
        markPrice("BTCUSDT", "60000");
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED"))
                .then().statusCode(200)
                .body("decision.decision", equalTo("ALLOW"))
                .body("account.marginModes.BTCUSDT", equalTo("ISOLATED"));

        post("/v1/accounts/" + accountId + "/positions",
                Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "0.1", "price", "60000", "leverage", "10"))
                .then().statusCode(201)
                .body("decision.decision", equalTo("ALLOW"))
                .body("decision.preview.transferFromCross", equalTo("600.00000000"))
                .body("position.isolatedMargin", equalTo("600.00000000"))
                .body("position.liquidationPrice", equalTo("54216.86746988"));

        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "CROSS"))
                .then().statusCode(422).contentType("application/problem+json")
                .body("decision.decision", equalTo("DENY"))
                .body("decision.violations[0].code", equalTo("OPEN_POSITION_EXISTS"))
                .body("decision.violations[0].rule",
                        equalTo("Contracts with open positions cannot switch between Cross and Isolated margin mode"))
                .body("decision.ruleSetRevision", startsWith("sha256:"));

        account(accountId).then()
                .body("marginModes.BTCUSDT", equalTo("ISOLATED"))
                .body("balances.USDT", equalTo("9400.00000000"))
                .body("positions", hasSize(1));
    }

    @Test
    void an_order_reserves_margin_until_it_is_cancelled() {
        String accountId = createAccount("ord", Map.of("USDT", "1000"));
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        String orderId = post("/v1/accounts/" + accountId + "/orders",
                Map.of("symbol", "ETHUSDT", "side", "BUY", "quantity", "1", "price", "2000", "leverage", "5"))
                .then().statusCode(201)
                .body("order.mode", equalTo("ISOLATED"))
                .body("order.reservedMargin", equalTo("400.00000000"))
                .extract().path("order.orderId");
        account(accountId).then().body("transferable", equalTo("600.00000000")).body("orders", hasSize(1));

        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "CROSS")).then().statusCode(422)
                .body("decision.violations[0].code", equalTo("OPEN_ORDERS_EXIST"));

        given().delete("/v1/accounts/" + accountId + "/orders/" + orderId).then().statusCode(204);
        account(accountId).then().body("transferable", equalTo("1000.00000000")).body("orders", empty());
        given().delete("/v1/accounts/" + accountId + "/orders/" + orderId).then().statusCode(404)
                .contentType("application/problem+json");
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "CROSS")).then().statusCode(200);
    }

    @Test
    void a_denied_open_changes_nothing() {
        String accountId = createAccount("deny", Map.of("USDT", "100"));
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/accounts/" + accountId + "/positions",
                Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1", "price", "60000", "leverage", "10"))
                .then().statusCode(422)
                .body("decision.violations[0].code", equalTo("INSUFFICIENT_CROSS_BALANCE"))
                .body("decision.preview.after.isolatedMargin", equalTo("6000.00000000"));
        account(accountId).then().body("balances.USDT", equalTo("100.00000000")).body("positions", empty());
    }

    @Test
    void closing_an_isolated_position_returns_its_margin_and_pnl_to_the_cross_wallet() {
        String accountId = createAccount("close", Map.of("USDT", "1000"));
        put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        markPrice("ETHUSDT", "2000");
        post("/v1/accounts/" + accountId + "/positions",
                Map.of("symbol", "ETHUSDT", "side", "SHORT", "quantity", "1", "price", "2000", "leverage", "10"))
                .then().statusCode(201);
        markPrice("ETHUSDT", "1900");
        given().delete("/v1/accounts/" + accountId + "/positions/ETHUSDT").then().statusCode(200)
                .body("positions", empty())
                .body("balances.USDT", equalTo("1100.00000000"))
                .body("closedPosition.side", equalTo("SHORT"))
                .body("closedPosition.markPrice", equalTo("1900.00000000"))
                .body("closedPosition.realizedPnl", equalTo("100.00000000"))
                .body("closedPosition.isolatedMargin", equalTo("200.00000000"))
                .body("closedPosition.creditedToCross", equalTo("300.00000000"));
        given().delete("/v1/accounts/" + accountId + "/positions/ETHUSDT").then().statusCode(404);
    }

    @Test
    void closing_a_cross_position_credits_its_pnl_and_says_so() {
        String accountId = createAccount("close-x", Map.of("USDT", "1000"));
        markPrice("ETHUSDT", "2000");
        post("/v1/accounts/" + accountId + "/positions",
                Map.of("symbol", "ETHUSDT", "side", "LONG", "quantity", "1", "price", "2000", "leverage", "10"))
                .then().statusCode(201);
        markPrice("ETHUSDT", "1950");
        given().delete("/v1/accounts/" + accountId + "/positions/ETHUSDT").then().statusCode(200)
                .body("balances.USDT", equalTo("950.00000000"))
                .body("closedPosition.mode", equalTo("CROSS"))
                .body("closedPosition.realizedPnl", equalTo("-50.00000000"))
                .body("closedPosition.isolatedMargin", equalTo(null))
                .body("closedPosition.creditedToCross", equalTo("-50.00000000"));
    }

    @Test
    void leverage_without_a_position_is_set_for_the_next_orders() {
        String accountId = createAccount("lev", Map.of("USDT", "1000"));
        put("/v1/accounts/" + accountId + "/leverages/BTCUSDT", Map.of("leverage", "50")).then().statusCode(200)
                .body("decision.decision", equalTo("ALLOW"))
                .body("account.leverages.BTCUSDT", equalTo("50"));
        put("/v1/accounts/" + accountId + "/leverages/BTCUSDT", Map.of("leverage", "126")).then().statusCode(422)
                .body("decision.violations[0].code", equalTo("LEVERAGE_EXCEEDS_RISK_LIMIT"));
        Response placed = post("/v1/accounts/" + accountId + "/orders",
                Map.of("symbol", "BTCUSDT", "side", "BUY", "quantity", "0.01", "price", "50000"));
        placed.then().statusCode(201).body("order.leverage", equalTo("50"));
        assertEquals(0, new BigDecimal("10").compareTo(decimal(placed, "order.reservedMargin")));
    }

    @Test
    void an_unknown_symbol_in_the_path_is_not_found_and_in_the_body_is_a_bad_request() {
        String accountId = createAccount("sym", Map.of("USDT", "1000"));
        put("/v1/accounts/" + accountId + "/margin-modes/DOGEUSDT", Map.of("mode", "ISOLATED")).then().statusCode(404)
                .contentType("application/problem+json");
        post("/v1/accounts/" + accountId + "/positions",
                Map.of("symbol", "DOGEUSDT", "side", "LONG", "quantity", "1", "price", "1"))
                .then().statusCode(400).body("errors[0].field", equalTo("symbol"));
    }
}
