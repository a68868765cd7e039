package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static com.riskpolicy.api.Api.post;
import static com.riskpolicy.api.Api.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.decisionlog.DecisionLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ledger action's decision is logged in the action's own transaction (docs/api.md, Durability): it is
 * in the log as soon as the action is answered, and an action whose commit fails leaves no entry.
 */
@QuarkusTest
class LedgerDecisionLogTest {

    @Inject
    DecisionLog log;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void an_answered_action_is_in_the_log_before_anything_is_written_in_the_background() {
        String accountId = createAccount("logged-tx", Map.of("USDT", "1000"));
        String allowed = put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED"))
                .then().statusCode(200).extract().path("decision.decisionId");
        String denied = post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin",
                Map.of("type", "ADD", "amount", "10")).then().statusCode(422).extract().path("decision.decisionId");

        given().get("/v1/decisions/" + allowed).then().statusCode(200)
                .body("source", equalTo("LEDGER")).body("decision", equalTo("ALLOW"));
        given().get("/v1/decisions/" + denied).then().statusCode(200)
                .body("source", equalTo("LEDGER")).body("decision", equalTo("DENY"));
    }

    @Test
    void an_action_whose_commit_fails_leaves_no_entry_in_the_log() throws SQLException {
        String accountId = createAccount("refused-commit", Map.of("USDT", "10000"));
        put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED")).then().statusCode(200);
        post("/v1/accounts/" + accountId + "/positions", Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "0.01",
                "price", "60000", "leverage", "10")).then().statusCode(201);
        String before = account(accountId).asString();
        // The database refuses to take the account's cross balance below what it holds now, so the
        // rules allow adding margin but the action's commit fails.
        String floor = given().get("/v1/accounts/" + accountId).then().extract().path("balances.USDT");
        sql("ALTER TABLE balance ADD CONSTRAINT refuse_commit_in_test CHECK (account_id <> '" + accountId
                + "' OR amount >= " + floor + ")");
        try {
            int status = post("/v1/accounts/" + accountId + "/positions/BTCUSDT/margin",
                    Map.of("type", "ADD", "amount", "10")).then().extract().statusCode();
            assertTrue(status >= 500, "the commit was refused, yet the action was answered " + status);
        } finally {
            sql("ALTER TABLE balance DROP CONSTRAINT refuse_commit_in_test");
        }
        assertTrue(log.flush(Duration.ofSeconds(10)), "the decision log did not catch up within 10 s");

        assertEquals(before, account(accountId).asString());
        given().get("/v1/decisions?accountId=" + accountId + "&action=ADD_MARGIN").then().statusCode(200)
                .body("decisions.size()", equalTo(0));
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
