package com.riskpolicy.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.api.LiquidationProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a mark-price tick holds until it has committed: the insurance fund from the moment it read
 * its balance, and every account it has locked. Caught in the middle: the test holds the lock of
 * the second account the tick liquidates (it locks candidates in order of account id), so the tick
 * waits there, after reading the fund and locking the first account.
 */
@QuarkusTest
@TestProfile(LiquidationProfile.class)
class TickLocksTest {

    // ids differing in their last character: never the same lock stripe
    private static final String FIRST = "tick-locks-a";
    private static final String SECOND = "tick-locks-b";

    @Inject
    AccountLocks locks;
    @Inject
    InsuranceFund fund;

    @Test
    void a_transfer_and_a_request_on_a_locked_account_wait_for_the_tick_and_see_what_it_committed() throws Exception {
        markPrice("60000").then().statusCode(200);
        for (String accountId : List.of(FIRST, SECOND)) {
            send("/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", "10000"))).then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("mode", "ISOLATED"))
                    .put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT").then().statusCode(200);
            // 6,000 of margin; at 50,000 the loss is 10,000: the fund pays a deficit of 4,000
            send("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                    "quantity", "1", "price", "60000", "leverage", "10")).then().statusCode(201);
        }
        setFund("10000");

        CompletableFuture<Response> tick;
        CompletableFuture<Response> withdrawal;
        CompletableFuture<Response> deposit;
        try (AccountLocks.Held second = locks.hold()) {
            second.lock(SECOND);
            tick = CompletableFuture.supplyAsync(() -> markPrice("50000"));
            assertTrue(Await.until(() -> locks.contended(SECOND), Duration.ofSeconds(60)),
                    "the tick never came to wait for the second account");

            withdrawal = CompletableFuture.supplyAsync(() ->
                    send("/v1/insurance-fund/USDT/withdrawals", Map.of("amount", "10000")));
            assertTrue(Await.until(fund::contended, Duration.ofSeconds(60)),
                    "the withdrawal did not wait for the tick that read the fund");
            deposit = CompletableFuture.supplyAsync(() ->
                    send("/v1/accounts/" + FIRST + "/deposits", Map.of("currency", "USDT", "amount", "1")));
            assertTrue(Await.until(() -> locks.contended(FIRST), Duration.ofSeconds(60)),
                    "the deposit did not wait for the tick that locked the account");
            assertFalse(tick.isDone() || withdrawal.isDone() || deposit.isDone());
        }

        Response ticked = tick.get(120, TimeUnit.SECONDS);
        assertEquals(200, ticked.statusCode(), ticked.asString());
        assertEquals(List.of("ISOLATED_LIQUIDATION", "ISOLATED_LIQUIDATION"), ticked.jsonPath().getList("events.type"));
        Response withdrawn = withdrawal.get(120, TimeUnit.SECONDS);
        assertEquals(409, withdrawn.statusCode(), "the fund paid 8,000 of deficits before the withdrawal: " + withdrawn.asString());
        assertEquals("2000.00000000", given().get("/v1/insurance-fund").jsonPath().getString("USDT"));
        Response deposited = deposit.get(120, TimeUnit.SECONDS);
        assertEquals(200, deposited.statusCode(), deposited.asString());
        assertEquals(List.of(), deposited.jsonPath().getList("positions"), "the deposit saw the liquidation committed");
        assertEquals("4001.00000000", deposited.jsonPath().getString("balances.USDT"));
    }

    private static Response markPrice(String price) {
        return send("PUT", "/v1/mark-prices/BTCUSDT", Map.of("price", price));
    }

    private static Response send(String path, Object body) {
        return send("POST", path, body);
    }

    private static Response send(String method, String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).request(method, path);
    }

    private static void setFund(String amount) {
        BigDecimal change = new BigDecimal(amount).subtract(new BigDecimal(given().get("/v1/insurance-fund").jsonPath().getString("USDT")));
        if (change.signum() != 0) {
            send(change.signum() > 0 ? "/v1/insurance-fund/USDT/deposits" : "/v1/insurance-fund/USDT/withdrawals",
                    Map.of("amount", change.abs().toPlainString())).then().statusCode(200);
        }
    }
}
