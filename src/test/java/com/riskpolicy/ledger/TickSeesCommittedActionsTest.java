package com.riskpolicy.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tick plans every account as it is committed when the tick locks it, even when the tick read the
 * account earlier: an action committed in between is seen. On PostgreSQL the tick first catches up
 * with what was written since it last looked (and reads the second account then, which the cache
 * has forgotten); the test holds the first account's lock, so the tick waits there, and adds margin
 * to the second account meanwhile. Planned on the position as the catch-up read it, the liquidation
 * would forfeit 7 USDT less margin than the position held, and the books would lose them.
 */
@QuarkusTest
@TestProfile(TickSeesCommittedActionsTest.NoBackgroundCatchUp.class)
class TickSeesCommittedActionsTest {

    // ids differing in their last character: never the same lock stripe; the tick locks in id order
    private static final String FIRST = "tick-reads-a";
    private static final String SECOND = "tick-reads-b";

    /** No catch-up between ticks: the tick's own catch-up is the one that reads the second account. */
    public static class NoBackgroundCatchUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestDatabase.named("tick-reads"));
            config.put("policy.cluster.follow-interval", "PT1H");
            return config;
        }
    }

    @Inject
    AccountLocks locks;
    @Inject
    AccountCache cache;

    @Test
    void margin_added_while_a_tick_waits_is_forfeited_with_the_position_and_nothing_is_lost() throws Exception {
        markPrice("60000").then().statusCode(200);
        for (String accountId : List.of(FIRST, SECOND)) {
            send("POST", "/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", "10000"))).then().statusCode(201);
            send("PUT", "/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
            // 6,000 of margin; at 50,000 the loss is 10,000: liquidated
            send("POST", "/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                    "quantity", "1", "price", "60000", "leverage", "10")).then().statusCode(201);
        }
        try (AccountLocks.Held second = locks.hold()) {
            second.lock(SECOND);
            cache.forget(SECOND);
        }

        CompletableFuture<Response> tick;
        try (AccountLocks.Held first = locks.hold()) {
            first.lock(FIRST);
            tick = CompletableFuture.supplyAsync(() -> markPrice("50000"));
            assertTrue(Await.until(() -> locks.contended(FIRST), Duration.ofSeconds(60)),
                    "the tick never came to wait for the first account");
            send("POST", "/v1/accounts/" + SECOND + "/positions/BTCUSDT/margin", Map.of("type", "ADD", "amount", "7"))
                    .then().statusCode(200);
            assertEquals("6007.00000000", given().get("/v1/accounts/" + SECOND).jsonPath().getString("positions[0].isolatedMargin"));
        }

        Response ticked = tick.get(120, TimeUnit.SECONDS);
        assertEquals(200, ticked.statusCode(), ticked.asString());
        assertEquals(List.of("ISOLATED_LIQUIDATION", "ISOLATED_LIQUIDATION"), ticked.jsonPath().getList("events.type"));
        Map<String, Object> second = ticked.jsonPath().getMap("events.find { it.accountId == '" + SECOND + "' }");
        assertEquals(0, new BigDecimal("6007").compareTo(new BigDecimal((String) second.get("marginForfeited"))),
                "the liquidation forfeits the margin the position held when the tick locked it: " + second);
        // a loss of 10,000 against 6,007 of margin: the fund pays the rest
        assertEquals(0, new BigDecimal("-3993").compareTo(new BigDecimal((String) second.get("insuranceFundDelta"))), second::toString);
        Response account = given().get("/v1/accounts/" + SECOND);
        assertEquals(List.of(), account.jsonPath().getList("positions"));
        assertEquals("3993.00000000", account.jsonPath().getString("balances.USDT"));
    }

    private static Response markPrice(String price) {
        return send("PUT", "/v1/mark-prices/BTCUSDT", Map.of("price", price));
    }

    private static Response send(String method, String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).request(method, path);
    }
}
