package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.decimal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.ledger.MarkPriceTicks;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.rules.RuleEngine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mark-price ticks through the API: events returned and persisted, the fund, the ADL queue, bad input. */
@QuarkusTest
@TestProfile(LiquidationProfile.class)
class LiquidationResourceTest {

    @Inject
    MarkPriceTicks ticks;
    @Inject
    LiquidationBook book;
    @Inject
    RuleEngine engine;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Cluster cluster;

    private final List<String> accounts = new ArrayList<>();

    /** Every test leaves the market empty, so that the next one's ADL meets only its own traders. */
    @AfterEach
    void closeEverything() {
        for (String accountId : accounts) {
            for (String symbol : account(accountId).jsonPath().getList("positions.symbol", String.class)) {
                given().delete("/v1/accounts/" + accountId + "/positions/" + symbol).then().statusCode(200);
            }
        }
    }

    private String trader(String name, String usdt) {
        String accountId = createAccount(name, Map.of("USDT", usdt));
        accounts.add(accountId);
        return accountId;
    }

    private static void isolated(String accountId, String symbol, String side, String quantity, String price, String leverage) {
        Api.put("/v1/accounts/" + accountId + "/margin-modes/" + symbol, Map.of("mode", "ISOLATED")).then().statusCode(200);
        Api.post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", symbol, "side", side, "quantity", quantity,
                "price", price, "leverage", leverage)).then().statusCode(201);
    }

    private static Response tick(String symbol, String price) {
        Response response = Api.put("/v1/mark-prices/" + symbol, Map.of("price", price));
        response.then().statusCode(200);
        return response;
    }

    private static void fundHolds(String amount) {
        BigDecimal now = new BigDecimal(given().get("/v1/insurance-fund").jsonPath().getString("USDT"));
        BigDecimal change = new BigDecimal(amount).subtract(now);
        if (change.signum() > 0) {
            Api.post("/v1/insurance-fund/USDT/deposits", Map.of("amount", change.toPlainString())).then().statusCode(200);
        } else if (change.signum() < 0) {
            Api.post("/v1/insurance-fund/USDT/withdrawals", Map.of("amount", change.negate().toPlainString())).then().statusCode(200);
        }
    }

    @Test
    void a_tick_returns_the_liquidation_it_caused_and_the_ledger_keeps_it() {
        tick("BTCUSDT", "20000");
        String alice = trader("alice", "10000");
        isolated(alice, "BTCUSDT", "LONG", "1", "20000", "10");
        Api.post("/v1/accounts/" + alice + "/positions/BTCUSDT/margin", Map.of("type", "REMOVE", "amount", "924"))
                .then().statusCode(200);
        fundHolds("1000");

        tick("BTCUSDT", "19000").then()
                .body("events", hasSize(1))
                .body("events[0].type", equalTo("ISOLATED_LIQUIDATION"))
                .body("events[0].accountId", equalTo(alice))
                .body("events[0].riskRatio", equalTo("1.00000000"))
                .body("events[0].marginForfeited", equalTo("1076.00000000"))
                .body("events[0].insuranceFundDelta", equalTo("76.00000000"))
                .body("events[0].rule", containsString("its own risk ratio reaches 100 %"));

        account(alice).then().body("positions", hasSize(0)).body("balances.USDT", equalTo("8924.00000000"));
        given().get("/v1/insurance-fund").then().body("USDT", equalTo("1076.00000000"));
        given().queryParam("accountId", alice).get("/v1/liquidations").then()
                .body("", hasSize(1)).body("[0].type", equalTo("ISOLATED_LIQUIDATION"));
        tick("BTCUSDT", "19000").then().body("events", hasSize(0));
    }

    /**
     * An isolated liquidation changes the position, not the cross wallet. On one node (H2) nothing reads
     * an account row's version, so the tick leaves the row as it was; on a shared database (PostgreSQL)
     * it moves the version on, so that the other nodes read the account again (ClusterIT).
     */
    @Test
    void a_tick_moves_an_account_version_on_only_where_other_nodes_read_it() throws SQLException {
        tick("BTCUSDT", "20000");
        String frank = trader("frank", "10000");
        isolated(frank, "BTCUSDT", "LONG", "1", "20000", "10");
        long before = rowVersion(frank);

        tick("BTCUSDT", "18050").then().body("events.type", equalTo(List.of("ISOLATED_LIQUIDATION")));

        account(frank).then().body("positions", hasSize(0)).body("balances.USDT", equalTo("8000.00000000"));
        if (cluster.shared()) {
            assertEquals(before + 1, rowVersion(frank), "other nodes are not told that the account changed");
        } else {
            assertEquals(before, rowVersion(frank), "one node: the account's row was written by the tick");
        }
    }

    private long rowVersion(String accountId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT version FROM account WHERE account_id = ?")) {
            query.setString(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Test
    void the_adl_queue_ranks_each_side_and_adl_takes_it_in_that_order() {
        tick("ETHUSDT", "2000");
        String bob = trader("bob", "100000");
        String carol = trader("carol", "100000");
        String dave = trader("dave", "100000");
        isolated(bob, "ETHUSDT", "LONG", "10", "2000", "20");
        isolated(carol, "ETHUSDT", "SHORT", "4", "2100", "10");
        isolated(dave, "ETHUSDT", "SHORT", "10", "2000", "5");
        tick("ETHUSDT", "1950");

        given().get("/v1/adl-queue/ETHUSDT").then()
                .body("SHORT.accountId", equalTo(List.of(carol, dave)))
                .body("SHORT.indicator", equalTo(List.of(5, 3)))
                .body("LONG.accountId", equalTo(List.of(bob)))
                .body("LONG.indicator", equalTo(List.of(5)));

        fundHolds("0");
        Response response = tick("ETHUSDT", "1800");
        response.then()
                .body("events.type", equalTo(List.of("ISOLATED_LIQUIDATION", "ADL", "ADL")))
                .body("events[0].price", equalTo("1900.00000000"))
                .body("events[0].adlCounterparties.accountId", equalTo(List.of(carol, dave)))
                .body("events[0].adlCounterparties.quantity", equalTo(List.of("4", "6")));
        account(dave).then().body("positions[0].quantity", equalTo("4"));
        given().queryParam("accountId", dave).queryParam("type", "ADL").get("/v1/liquidations").then()
                .body("", hasSize(1)).body("[0].realizedPnl", equalTo("600.00000000"));
    }

    @Test
    void the_insurance_fund_takes_deposits_and_refuses_a_withdrawal_below_zero() {
        fundHolds("10");
        Api.post("/v1/insurance-fund/USDT/withdrawals", Map.of("amount", "10.00000001")).then()
                .statusCode(409).contentType("application/problem+json");
        given().get("/v1/insurance-fund").then().body("USDT", equalTo("10.00000000"));
        Api.post("/v1/insurance-fund/USDT/deposits", Map.of("amount", "-5")).then()
                .statusCode(400).body("errors.field", equalTo(List.of("amount")));
        Api.post("/v1/insurance-fund/EUR/deposits", Map.of("amount", "5")).then().statusCode(404);
    }

    @Test
    void bad_queries_are_refused_naming_the_parameter() {
        given().queryParam("symbol", "DOGEUSDT").get("/v1/liquidations").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("symbol")));
        given().queryParam("limit", "0").get("/v1/liquidations").then().statusCode(400)
                .body("errors.field", equalTo(List.of("limit")));
        given().queryParam("type", "EXPLOSION").get("/v1/liquidations").then().statusCode(400)
                .body("errors.field", equalTo(List.of("type")));
        given().get("/v1/adl-queue/DOGEUSDT").then().statusCode(404);
        Api.put("/v1/mark-prices/BTCUSDT", Map.of("price", "0")).then().statusCode(400);
    }

    @Test
    void the_index_rebuilt_from_the_database_holds_what_the_live_one_holds() {
        tick("BTCUSDT", "20000");
        String erin = trader("erin", "10000");
        isolated(erin, "BTCUSDT", "SHORT", "0.5", "20000", "20");
        LiquidationBook rebuilt = new LiquidationBook(engine.active());

        ticks.rebuild(rebuilt);

        assertEquals(book.isolatedPositions(), rebuilt.isolatedPositions());
        assertEquals(book.crossAccounts(), rebuilt.crossAccounts());
        assertEquals(0, new BigDecimal("500").compareTo(decimal(account(erin), "positions[0].isolatedMargin")));
    }
}
