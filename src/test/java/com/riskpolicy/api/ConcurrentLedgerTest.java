package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.decimal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent requests on one account never lose an update, and money is neither lost nor created. */
@QuarkusTest
class ConcurrentLedgerTest {

    @Test
    void concurrent_deposits_and_isolated_opens_on_one_account_all_count() throws Exception {
        String accountId = createAccount("busy", Map.of("USDT", "1000"));
        Api.put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        int deposits = 120;
        int opens = 60;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < Math.max(deposits, opens); i++) {
                if (i < deposits) {
                    results.add(pool.submit(() -> Api.post("/v1/accounts/" + accountId + "/deposits",
                            Map.of("currency", "USDT", "amount", "0.01")).statusCode()));
                }
                if (i < opens) {
                    // 0.001 ETH at 2,000 with 10x: 0.2 USDT of isolated margin each
                    results.add(pool.submit(() -> Api.post("/v1/accounts/" + accountId + "/positions",
                            Map.of("symbol", "ETHUSDT", "side", "LONG", "quantity", "0.001", "price", "2000",
                                    "leverage", "10")).statusCode()));
                }
            }
            for (Future<Integer> result : results) {
                int status = result.get(120, TimeUnit.SECONDS);
                assertEquals(true, status == 200 || status == 201, "status " + status);
            }
        } finally {
            pool.shutdownNow();
        }
        Response after = account(accountId);
        BigDecimal usdt = decimal(after, "balances.USDT");
        BigDecimal margin = decimal(after, "positions[0].isolatedMargin");
        assertEquals(0, new BigDecimal("0.06").compareTo(decimal(after, "positions[0].quantity")));
        assertEquals(0, new BigDecimal("12").compareTo(margin), "every open moved its margin");
        assertEquals(0, new BigDecimal("989.2").compareTo(usdt), "1000 + 1.2 deposited − 12 moved");
        assertEquals(0, new BigDecimal("1001.2").compareTo(usdt.add(margin)), "the books balance");
    }

    @Test
    void concurrent_margin_and_leverage_changes_move_money_exactly_and_the_books_balance() throws Exception {
        String accountId = createAccount("books", Map.of("USDT", "10000"));
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            Api.put("/v1/accounts/" + accountId + "/margin-modes/" + symbol, Map.of("mode", "ISOLATED")).then().statusCode(200);
        }
        Api.markPrice("BTCUSDT", "20000");
        Api.markPrice("ETHUSDT", "2000");
        Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG",
                "quantity", "1", "price", "20000", "leverage", "20")).then().statusCode(201);
        Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "ETHUSDT", "side", "SHORT",
                "quantity", "10", "price", "2000", "leverage", "20")).then().statusCode(201);

        List<java.util.concurrent.Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            requests.add(() -> Api.post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin",
                    Map.of("type", "ADD", "amount", "1.23456789")));
            requests.add(() -> Api.post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin",
                    Map.of("type", "REMOVE", "amount", "0.5")));
            String leverage = List.of("10", "20", "5", "25").get(i % 4);
            requests.add(() -> Api.put("/v1/accounts/" + accountId + "/leverages/ETHUSDT", Map.of("leverage", leverage)));
            requests.add(() -> Api.post("/v1/accounts/" + accountId + "/deposits", Map.of("currency", "USDT", "amount", "0.01")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        BigDecimal transferred = BigDecimal.ZERO;
        try {
            List<Future<Response>> responses = pool.invokeAll(requests, 180, TimeUnit.SECONDS);
            for (Future<Response> future : responses) {
                Response response = future.get();
                int status = response.statusCode();
                assertEquals(true, status == 200 || status == 422, () -> "status " + status + ": " + response.asString());
                String transfer = response.jsonPath().getString("decision.preview.transferFromCross");
                if (status == 200 && transfer != null) {
                    transferred = transferred.add(new BigDecimal(transfer));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Response after = account(accountId);
        BigDecimal usdt = decimal(after, "balances.USDT");
        BigDecimal margins = decimal(after, "positions[0].isolatedMargin").add(decimal(after, "positions[1].isolatedMargin"));
        // 10,000 − 1,000 − 1,000 moved by the opens + 0.60 deposited − what every applied action moved
        assertEquals(0, new BigDecimal("8000.60").subtract(transferred).compareTo(usdt), "no update lost: " + usdt);
        assertEquals(0, new BigDecimal("10000.60").compareTo(usdt.add(margins)), "the books balance to the unit: " + usdt.add(margins));
    }
}
