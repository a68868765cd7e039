package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL only (the build runs it with -Ppostgres): a database written by the first release on
 * PostgreSQL, whose schema is V1 (src/main/resources/db/migration/postgresql), is migrated to the
 * latest version as the service does at startup, with every row it held intact: each column that V1
 * made reads back as it was written.
 */
class PostgreSQLSchemaMigrationTest {

    private static final String LOCATION = "classpath:db/migration/postgresql";

    /** A row in every table of V1, with values at the edges of their types: scales, microseconds, JSON as written. */
    private static final List<String> ROWS_OF_V1 = List.of(
            "INSERT INTO account (account_id, created_at, updated_at, version)"
                    + " VALUES ('alice', '2026-12-01T10:00:00.123456Z', '2026-12-01T10:05:00.000001Z', 7)",
            "INSERT INTO balance (id, account_id, amount, currency) VALUES (1, 'alice', 9400.12345678, 'USDT')",
            "INSERT INTO symbol_setting (id, account_id, leverage, margin_mode, symbol)"
                    + " VALUES (1, 'alice', 12.5, 'ISOLATED', 'BTCUSDT')",
            "INSERT INTO position (id, account_id, entry_price, isolated_margin, leverage, mode, quantity, side, symbol)"
                    + " VALUES (1, 'alice', 60000.123456789012345678, 600.00000000, 10, 'ISOLATED', 0.100000000000000000,"
                    + " 'LONG', 'BTCUSDT')",
            "INSERT INTO open_order (order_id, account_id, created_at, leverage, mode, price, quantity, side, symbol)"
                    + " VALUES ('00000000-0000-4000-8000-000000000001', 'alice', '2026-12-01T10:01:00Z', 5, 'CROSS',"
                    + " 2000.5, 1.25, 'BUY', 'ETHUSDT')",
            "INSERT INTO mark_price (symbol, price, updated_at) VALUES ('BTCUSDT', 54100.000000000000000001,"
                    + " '2026-12-01T10:02:00Z')",
            "INSERT INTO insurance_fund (currency, balance, updated_at) VALUES ('USDT', 1000010.00000000,"
                    + " '2026-12-01T10:02:00Z')",
            "INSERT INTO liquidation_event (id, account_id, at, event_id, insurance_fund_delta, margin_forfeited,"
                    + " mark_price, note, price, quantity, realized_pnl, risk_ratio, rule, rule_set_revision, side,"
                    + " symbol, type, adl_counterparties, closed_positions)"
                    + " VALUES (1, 'alice', '2026-12-01T10:02:00.5Z', '00000000-0000-4000-8000-000000000002', 10.00000000,"
                    + " 600.00000000, 54100, 'a note', 54100.00000000, 0.1, -590.00000000, 2.16400000, 'a rule',"
                    + " 'sha256:1', 'LONG', 'BTCUSDT', 'ISOLATED_LIQUIDATION',"
                    + " '[{\"accountId\": \"bob\", \"rank\": 1.5E+3, \"price\": 0E-8}]', '[]')",
            "INSERT INTO rule_revision (id, activated_at, activated_by, previous_revision, revision, source, contents,"
                    + " files_changed) VALUES (1, '2026-12-01T09:00:00Z', 'system', NULL, 'sha256:1', 'STARTUP',"
                    + " '{\"margin-mode.drl\": \"rule \\\"a\\\" end\"}', '[{\"file\": \"margin-mode.drl\", \"change\": \"ADDED\"}]')",
            "INSERT INTO decision_log_entry (account_id, action, at, caller, decision_id, decision_deflated, fired_rules,"
                    + " input_deflated, latency_nanos, outcome, rule_set_revision, source, symbol, violation_codes,"
                    + " warning_codes) VALUES ('alice', 'OPEN_POSITION', '2026-12-01T10:00:30.654321Z', 'platform',"
                    + " '00000000-0000-4000-8000-000000000003', '\\x789c0300', 'a rule', '\\x789c0301', 12345, 'ALLOW',"
                    + " 'sha256:1', 'LEDGER', 'BTCUSDT', '', 'LOW_MARGIN')");

    @Test
    void a_schema_written_at_version_1_migrates_to_the_latest_with_its_rows_intact() throws SQLException {
        String schema = TestDatabase.schema("migration");
        TestDatabase.drop(schema);
        Flyway atVersion1 = flyway(schema).target("1").load();
        atVersion1.migrate();
        Map<String, List<String>> columnsOfV1;
        Map<String, List<String>> written;
        try (Connection db = connect(schema); Statement sql = db.createStatement()) {
            for (String row : ROWS_OF_V1) {
                sql.execute(row);
            }
            columnsOfV1 = columnsOfEveryTable(db);
            written = contents(db, columnsOfV1);
        }
        assertEquals(List.of(), written.entrySet().stream().filter(table -> table.getValue().isEmpty())
                .map(Map.Entry::getKey).toList(), "tables of V1 without a row");

        Flyway latest = flyway(schema).load();
        latest.migrate();

        MigrationInfoService info = latest.info();
        assertEquals(0, info.pending().length, "migrations left pending");
        try (Connection db = connect(schema)) {
            Map<String, List<String>> migrated = contents(db, stillThere(db, columnsOfV1));
            assertEquals(written, migrated);
        }
        TestDatabase.drop(schema);
    }

    private static FluentConfiguration flyway(String schema) {
        return Flyway.configure().dataSource(TestDatabase.url(schema), TestDatabase.user(), TestDatabase.password())
                .schemas(schema).locations(LOCATION);
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(TestDatabase.url(schema), TestDatabase.user(), TestDatabase.password());
    }

    /** Every table of the schema but Flyway's and the decision log's partitions, with its columns. */
    private static Map<String, List<String>> columnsOfEveryTable(Connection db) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery("SELECT c.table_name, c.column_name"
                + " FROM information_schema.columns c JOIN pg_class t ON t.relname = c.table_name"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = c.table_schema"
                + " WHERE c.table_schema = current_schema() AND NOT t.relispartition"
                + " AND c.table_name <> 'flyway_schema_history' ORDER BY c.table_name, c.ordinal_position")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return columns;
    }

    /** {@code before}, once every one of its columns is found still there. */
    private static Map<String, List<String>> stillThere(Connection db, Map<String, List<String>> before) throws SQLException {
        Map<String, List<String>> now = columnsOfEveryTable(db);
        for (Map.Entry<String, List<String>> table : before.entrySet()) {
            List<String> columns = now.getOrDefault(table.getKey(), List.of());
            assertTrue(columns.containsAll(table.getValue()), table.getKey() + " has lost columns: it has " + columns
                    + " of " + table.getValue());
        }
        return before;
    }

    /** Each table's rows, each row as the text of its columns, in the order of their text. */
    private static Map<String, List<String>> contents(Connection db, Map<String, List<String>> columns) throws SQLException {
        Map<String, List<String>> contents = new TreeMap<>();
        try (Statement sql = db.createStatement()) {
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                List<String> rows = new ArrayList<>();
                String select = String.join(", ", table.getValue().stream().map(c -> "\"" + c + "\"::text").toList());
                try (ResultSet result = sql.executeQuery("SELECT " + select + " FROM \"" + table.getKey() + "\"")) {
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= table.getValue().size(); column++) {
                            row.append(result.getString(column)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                contents.put(table.getKey(), rows);
            }
        }
        return contents;
    }
}
