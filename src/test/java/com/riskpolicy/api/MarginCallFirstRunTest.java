package com.riskpolicy.api;

import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first run of {@link MarginCallRun}: a long isolated position of 1 BTCUSDT at 20,000 with 1,076
 * of margin is margin called at 19,010 (a risk ratio of 88.418605 %), and the call stays in force.
 */
@QuarkusTest
@TestProfile(MarginCallRun.FirstRun.class)
class MarginCallFirstRunTest {

    @Test
    void a_margin_call_is_raised() {
        String trader = MarginCallRun.TRADER;
        post("/v1/accounts", Map.of("accountId", trader, "balances", Map.of("USDT", "10000"))).then().statusCode(201);
        put("/v1/mark-prices/BTCUSDT", Map.of("price", "20000")).then().statusCode(200);
        put("/v1/accounts/" + trader + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/accounts/" + trader + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                "price", "20000", "leverage", "10")).then().statusCode(201);
        post("/v1/accounts/" + trader + "/positions/BTCUSDT/margin", Map.of("type", "REMOVE", "amount", "924"))
                .then().statusCode(200).body("position.isolatedMargin", equalTo("1076.00000000"));

        List<String> events = put("/v1/mark-prices/BTCUSDT", Map.of("price", "19010")).then().statusCode(200)
                .extract().jsonPath().getList("events.type");

        assertEquals(List.of("MARGIN_CALL"), events);
    }
}
