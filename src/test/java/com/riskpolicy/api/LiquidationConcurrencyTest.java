package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.decimal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Mark-price ticks while margin, leverage and deposit requests arrive on the same accounts.
 *
 * <p>The books: for every settlement currency, Σ cross balances + Σ isolated margins + the
 * insurance fund changes only by deposits and by the PnL that closes realize (the liquidation, ADL
 * and account-liquidation events record it). Margin moves, leverage top-ups, forfeited margin and
 * the fund's share only move money inside the books.
 */
@QuarkusTest
@TestProfile(LiquidationProfile.class)
class LiquidationConcurrencyTest {

    private static final String[] LEVERAGES = {"5", "10", "20", "25", "50"};

    @Test
    void ticks_and_requests_on_the_same_accounts_lose_nothing_liquidate_once_and_the_books_balance() throws Exception {
        Api.markPrice("ETHUSDT", "2000");
        setFund("300");
        List<String> accounts = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 24; i++) {
            String accountId = createAccount("busy" + i, Map.of("USDT", "3000"));
            accounts.add(accountId);
            String side = i % 2 == 0 ? "LONG" : "SHORT";
            String leverage = LEVERAGES[random.nextInt(LEVERAGES.length)];
            if (i % 6 == 5) {
                // a cross book that a large enough move liquidates as a whole
                Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "ETHUSDT", "side", side,
                        "quantity", "10", "price", "2000", "leverage", "20")).then().statusCode(201);
            } else {
                Api.put("/v1/accounts/" + accountId + "/margin-modes/ETHUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
                Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "ETHUSDT", "side", side,
                        "quantity", "1", "price", "2000", "leverage", leverage)).then().statusCode(201);
            }
        }
        BigDecimal booksBefore = books(accounts);

        Map<String, BigDecimal> deposited = new ConcurrentHashMap<>();
        AtomicBoolean ticking = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(7);
        List<Future<?>> workers = new ArrayList<>();
        try {
            workers.add(pool.submit(() -> {
                try {
                    // down through the longs' liquidation prices, then up through the shorts'
                    for (int price = 2000; price >= 1500; price -= 10) {
                        Api.markPrice("ETHUSDT", Integer.toString(price));
                    }
                    for (int price = 1500; price <= 2600; price += 15) {
                        Api.markPrice("ETHUSDT", Integer.toString(price));
                    }
                } finally {
                    ticking.set(false);
                }
                return null;
            }));
            for (int w = 0; w < 6; w++) {
                long seed = w;
                workers.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    while (ticking.get()) {
                        String accountId = accounts.get(r.nextInt(accounts.size()));
                        int status = switch (r.nextInt(4)) {
                            case 0 -> Api.post("/v1/accounts/" + accountId + "/positions/ETHUSDT/margin",
                                    Map.of("type", "ADD", "amount", "7")).statusCode();
                            case 1 -> Api.post("/v1/accounts/" + accountId + "/positions/ETHUSDT/margin",
                                    Map.of("type", "REMOVE", "amount", "5")).statusCode();
                            case 2 -> Api.put("/v1/accounts/" + accountId + "/leverages/ETHUSDT",
                                    Map.of("leverage", LEVERAGES[r.nextInt(LEVERAGES.length)])).statusCode();
                            default -> {
                                int s = Api.post("/v1/accounts/" + accountId + "/deposits",
                                        Map.of("currency", "USDT", "amount", "1.5")).statusCode();
                                if (s == 200) {
                                    deposited.merge(accountId, new BigDecimal("1.5"), BigDecimal::add);
                                }
                                yield s;
                            }
                        };
                        // 422: the rules refused (for example a position already liquidated has nothing to adjust)
                        assertTrue(status == 200 || status == 422, "unexpected status " + status);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        BigDecimal realized = BigDecimal.ZERO;
        int liquidated = 0;
        for (String accountId : accounts) {
            List<Map<String, Object>> events = given().queryParam("accountId", accountId).queryParam("limit", "1000")
                    .get("/v1/liquidations").jsonPath().getList("");
            long isolated = events.stream().filter(e -> "ISOLATED_LIQUIDATION".equals(e.get("type"))).count();
            long whole = events.stream().filter(e -> "ACCOUNT_LIQUIDATION".equals(e.get("type"))).count();
            assertTrue(isolated + whole <= 1, accountId + " was liquidated " + (isolated + whole) + " times");
            liquidated += (int) (isolated + whole);
            if (isolated + whole == 1) {
                assertEquals(List.of(), account(accountId).jsonPath().getList("positions"), accountId + " still holds its position");
            }
            for (Map<String, Object> event : events) {
                if (event.get("realizedPnl") != null) {
                    realized = realized.add(new BigDecimal((String) event.get("realizedPnl")));
                }
            }
        }
        BigDecimal deposits = deposited.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertTrue(liquidated >= 16, "the price path liquidates most positions, liquidated " + liquidated);
        BigDecimal expected = booksBefore.add(deposits).add(realized);
        BigDecimal after = books(accounts);
        for (String accountId : accounts) {
            for (String symbol : account(accountId).jsonPath().getList("positions.symbol", String.class)) {
                given().delete("/v1/accounts/" + accountId + "/positions/" + symbol).then().statusCode(200);
            }
        }
        assertEquals(0, expected.compareTo(after), "books before " + booksBefore + " + deposits " + deposits
                + " + realized PnL " + realized + " = " + expected + ", but the books hold " + after);
    }

    private static BigDecimal books(List<String> accounts) {
        BigDecimal total = new BigDecimal(given().get("/v1/insurance-fund").jsonPath().getString("USDT"));
        for (String accountId : accounts) {
            Response account = account(accountId);
            total = total.add(decimal(account, "balances.USDT"));
            for (String margin : account.jsonPath().getList("positions.isolatedMargin", String.class)) {
                if (margin != null) {
                    total = total.add(new BigDecimal(margin));
                }
            }
        }
        return total;
    }

    private static void setFund(String amount) {
        BigDecimal change = new BigDecimal(amount).subtract(new BigDecimal(given().get("/v1/insurance-fund").jsonPath().getString("USDT")));
        String path = change.signum() >= 0 ? "/v1/insurance-fund/USDT/deposits" : "/v1/insurance-fund/USDT/withdrawals";
        if (change.signum() != 0) {
            Api.post(path, Map.of("amount", change.abs().toPlainString())).then().statusCode(200);
        }
    }
}
