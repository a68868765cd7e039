package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.liquidation.LiquidationEvent.ClosedPosition;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A liquidation event's lists in their JSON columns: read back as written, every decimal with its
 * scale (BigDecimal.equals tells 0.1 from 0.10), stored as JSON documents; no list, no JSON.
 */
@QuarkusTest
class JsonColumnsTest {

    @Inject
    LiquidationEvents events;
    @Inject
    AgroalDataSource database;

    @Test
    void an_events_fills_and_closed_positions_read_back_as_written_decimals_with_their_scale() throws SQLException {
        String accountId = "json-" + UUID.randomUUID();
        List<AdlFill> fills = List.of(
                new AdlFill("counterparty-1", "BTCUSDT", PositionSide.SHORT, new BigDecimal("0.123456789012345678"),
                        new BigDecimal("59000.00000000"), new BigDecimal("0E-8"), new BigDecimal("1.5E+3")),
                new AdlFill("counterparty-2", "BTCUSDT", PositionSide.SHORT, new BigDecimal("0.1"),
                        new BigDecimal("59000.10"), new BigDecimal("-12345678901234567890.12345678"),
                        new BigDecimal("0.0000000000000000000000000000000001234")));
        List<ClosedPosition> closed = List.of(new ClosedPosition("ETHUSDT", PositionSide.LONG, new BigDecimal("2.000"),
                new BigDecimal("1800.000000000000000000"), new BigDecimal("1799.5"), new BigDecimal("-401.00000000")));
        LiquidationEvent event = event(accountId, fills, closed);

        QuarkusTransaction.requiringNew().run(() -> events.record(List.of(event)));

        LiquidationEvent read = events.list(accountId, null, null, 10).get(0);
        assertEquals(fills, read.adlCounterparties());
        assertEquals(closed, read.closedPositions());
        assertEquals(List.of(-2, 8, 2), List.of(read.adlCounterparties().get(0).rank().scale(),
                read.adlCounterparties().get(0).realizedPnl().scale(), read.adlCounterparties().get(1).price().scale()));
        assertEquals("JSON", columnType("ADL_COUNTERPARTIES"));
        assertEquals('[', storedText(accountId).charAt(0), "a JSON array, not a JSON string holding one");
    }

    @Test
    void an_event_without_fills_or_closed_positions_stores_no_json_and_reads_back_with_empty_lists() throws SQLException {
        String accountId = "json-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> events.record(List.of(event(accountId, List.of(), List.of()))));

        LiquidationEvent read = events.list(accountId, null, null, 10).get(0);
        assertEquals(List.of(), read.adlCounterparties());
        assertEquals(List.of(), read.closedPositions());
        assertNull(storedText(accountId), "as release 0.1 stored it");
    }

    private static LiquidationEvent event(String accountId, List<AdlFill> fills, List<ClosedPosition> closed) {
        return new LiquidationEvent(UUID.randomUUID().toString(), LiquidationType.ACCOUNT_LIQUIDATION, accountId, null,
                null, null, new BigDecimal("1.00000000"), null, null, null, new BigDecimal("-12.50000000"),
                new BigDecimal("-401.00000000"), fills, closed, "a rule", "sha256:test", null, Instant.now());
    }

    private String columnType(String column) throws SQLException {
        // H2 names its tables in capitals, PostgreSQL in small letters
        return single("SELECT UPPER(data_type) FROM information_schema.columns WHERE UPPER(table_name) = 'LIQUIDATION_EVENT'"
                + " AND table_schema = CURRENT_SCHEMA AND UPPER(column_name) = ?", column);
    }

    private String storedText(String accountId) throws SQLException {
        return single("SELECT adl_counterparties FROM liquidation_event WHERE account_id = ?", accountId);
    }

    private String single(String query, String parameter) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
