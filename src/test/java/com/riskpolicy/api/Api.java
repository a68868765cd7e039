package com.riskpolicy.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Small helpers for the resource tests: unique accounts and short calls. A call goes out as the
 * role docs/api.md gives its path: the risk officer under {@code /v1/rules}, else the platform (the
 * default every test starts with, {@link SignedInAsPlatform}).
 */
final class Api {

    private Api() {
    }

    static String uniqueAccount(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createAccount(String name, Map<String, String> balances) {
        String accountId = uniqueAccount(name);
        given().contentType(ContentType.JSON).body(Map.of("accountId", accountId, "balances", balances))
                .post("/v1/accounts").then().statusCode(201);
        return accountId;
    }

    static Response post(String path, Object body) {
        return signedInFor(path).contentType(ContentType.JSON).body(body).post(path);
    }

    static Response put(String path, Object body) {
        return signedInFor(path).contentType(ContentType.JSON).body(body).put(path);
    }

    private static RequestSpecification signedInFor(String path) {
        return path.startsWith("/v1/rules") ? given().auth().preemptive().basic("officer", "officer") : given();
    }

    static Response account(String accountId) {
        return given().get("/v1/accounts/" + accountId);
    }

    static void markPrice(String symbol, String price) {
        put("/v1/mark-prices/" + symbol, Map.of("price", price)).then().statusCode(200);
    }

    /** E4: isolated LONG 1 @ 20,000 with 20x, iM 1,000; removing 900 leaves 100, above MM 80 but below iM 1,000. */
    static Map<String, Object> e4(String accountId) {
        return Map.of("action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", "900"),
                "facts", Map.of("account", Map.of("accountId", accountId, "balances", Map.of("USDT", "0")),
                        "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                        "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                                "entryPrice", "20000", "leverage", "20", "mode", "ISOLATED", "isolatedMargin", "1000")),
                        "orders", List.of(), "markPrices", Map.of("BTCUSDT", "20000")));
    }

    static BigDecimal decimal(Response response, String path) {
        return new BigDecimal(response.jsonPath().getString(path));
    }
}
