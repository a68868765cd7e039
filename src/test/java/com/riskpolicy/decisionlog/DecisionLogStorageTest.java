package com.riskpolicy.decisionlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the decision log stores of a decision is the decision as the service answered it, the same
 * text; and rows stored before the decision had one shape are shown as they were answered.
 */
@QuarkusTest
class DecisionLogStorageTest {

    @Inject
    DecisionLog log;
    @Inject
    DecisionLogStore store;
    @Inject
    AgroalDataSource dataSource;

    private static String account(String balance) {
        String accountId = "log-storage-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("accountId", accountId, "balances", Map.of("USDT", balance)))
                .post("/v1/accounts").then().statusCode(201);
        return accountId;
    }

    private static String post(String path, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(200).extract().asString();
    }

    @Test
    void a_decision_is_stored_as_the_text_the_service_answered() {
        String accountId = account("5000");
        // a position the ledger holds at its own scale, shown in the checks' previews
        given().contentType(ContentType.JSON).body(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "0.05",
                "price", "60000", "leverage", "10")).post("/v1/accounts/" + accountId + "/positions").then().statusCode(201);
        String allowed = post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                "side", "LONG", "quantity", "0.05", "price", "60000", "leverage", "10"));
        String denied = post("/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                "side", "LONG", "quantity", "50", "price", "60000", "leverage", "10"));
        String ledger = given().contentType(ContentType.JSON).body(Map.of("leverage", "5"))
                .put("/v1/accounts/" + accountId + "/leverages/BTCUSDT").then().statusCode(200).extract().asString();
        assertTrue(log.flush(Duration.ofSeconds(10)), "the decision log did not catch up within 10 s");

        for (String answer : List.of(allowed, denied)) {
            JsonNode decision = DecisionLogJson.tree(answer);
            assertEquals("0.05", decision.get("preview").get("before").get("quantity").asText(), answer);
            assertEquals(answer, stored(decision.get("decisionId").asText()));
        }
        JsonNode ledgerDecision = DecisionLogJson.tree(ledger).get("decision");
        assertEquals(ledgerDecision, DecisionLogJson.tree(stored(ledgerDecision.get("decisionId").asText())));
    }

    @Test
    void rows_of_the_earlier_streaming_writer_are_shown_as_they_were_answered() throws IOException {
        JsonNode rows = DecisionLogJson.tree(new String(getClass().getResourceAsStream(
                "/decisionlog/rows-of-the-streaming-writer.json").readAllBytes(), StandardCharsets.UTF_8));
        Deflated deflated = new Deflated(Deflated.STORED);
        for (JsonNode row : rows) {
            JsonNode answered = DecisionLogJson.tree(row.get("answered").asText());
            // a fresh id, so that the row is this run's own, and a recent time, so that retention keeps it
            String decisionId = UUID.randomUUID().toString();
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String decision = row.get("decision").asText()
                    .replace(answered.get("decisionId").asText(), decisionId)
                    .replace(answered.get("evaluatedAt").asText(), at.toString());
            String accountId = "log-storage-" + decisionId.substring(0, 8);
            store.write(List.of(new LogRow(decisionId, at, "LEDGER", answered.get("action").asText(), accountId,
                    "BTCUSDT", answered.get("decision").asText(), "", "", "", answered.get("ruleSetRevision").asText(),
                    1_000, "platform", deflated.compress(row.get("input").asText()), deflated.compress(decision))));

            JsonNode shown = DecisionLogJson.tree(given().get("/v1/decisions/" + decisionId).then().statusCode(200)
                    .extract().asString());
            assertEquals(answered.get("preview"), shown.get("preview"), decision);
            assertEquals(answered.get("violations"), shown.get("violations"));
            assertEquals(answered.get("warnings"), shown.get("warnings"));
            assertEquals(answered.get("firedRules"), shown.get("firedRules"));
            assertEquals(DecisionLogJson.tree(row.get("input").asText()), shown.get("input"));
            assertEquals(accountId, given().get("/v1/decisions?accountId=" + accountId).then().statusCode(200)
                    .extract().path("decisions[0].accountId"));
        }
    }

    /** The decision document of a row, as stored. */
    private String stored(String decisionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select decision_deflated from decision_log_entry where decision_id = ?")) {
            select.setString(1, decisionId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no row for " + decisionId);
                return Deflated.inflate(row.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
