package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's schema migrations on H2 (src/main/resources/db/migration/h2) on a database written by
 * release 0.1, whose schema Hibernate made, with its enumerations in H2 ENUM columns — also when that
 * release was killed with a transaction uncommitted, which makes H2 2.4 read ENUMs back as their
 * ordinals until the next restart ({@code No enum constant DecisionSource.2}) — and with JSON in
 * text columns, which become JSON columns holding the same documents.
 */
class SchemaMigrationTest {

    private static final Path DATABASE = Path.of("target", "schema-migration-test");
    private static final String URL = "jdbc:h2:file:./" + DATABASE + "/ledger";
    private static final String RELEASE_0_1 = "RUNSCRIPT FROM 'classpath:db/migration/h2/V1__schema_of_release_0_1.sql'";

    @BeforeEach
    void emptyDatabase() throws IOException {
        if (Files.exists(DATABASE)) {
            try (Stream<Path> files = Files.list(DATABASE)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void a_database_of_release_0_1_is_migrated_and_stores_enumerations_as_text() throws Exception {
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            db.createStatement().execute(RELEASE_0_1);
            KilledWriter.writeEntries(db, 0, 30);
        }

        assertEquals(List.of("<< Flyway Baseline >>"), migrateFrom("1"), "release 0.1's schema is the baseline");

        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            assertEquals(List.of(), enumColumns(db));
            assertEquals(Map.of("CHECK", 10, "LEDGER", 10, "STATELESS", 10), sources(db));
        }
    }

    @Test
    void a_database_of_release_0_1_killed_with_a_transaction_open_is_migrated_with_names_not_ordinals()
            throws Exception {
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            db.createStatement().execute(RELEASE_0_1);
        }
        killedWhileWriting();

        assertEquals(List.of("<< Flyway Baseline >>"), migrateFrom("1"));

        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            assertEquals(Map.of("CHECK", 100, "LEDGER", 100, "STATELESS", 100), sources(db),
                    "the committed entries, by name; the uncommitted ones are gone");
        }
    }

    @Test
    void a_database_killed_with_a_transaction_open_reads_back_every_entry_by_its_source() throws Exception {
        assertEquals(List.of("schema of release 0 1"), migrateFrom("1"));
        killedWhileWriting();

        // as the service's next start reads it: the first connection after the crash
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            assertEquals(Map.of("CHECK", 100, "LEDGER", 100, "STATELESS", 100), sources(db));
        }
    }

    @Test
    void a_new_database_gets_every_migration_and_no_enum_column() throws Exception {
        assertEquals(List.of("schema of release 0 1"), migrateFrom("1"));
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            assertEquals(List.of(), enumColumns(db));
        }
    }

    @Test
    void a_database_of_release_0_1_keeps_the_json_of_its_text_columns_as_the_same_json_documents() throws Exception {
        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            ReleaseZeroOneRows.write(db);
        }

        assertEquals(List.of("<< Flyway Baseline >>"), migrateFrom("1"));

        try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
            // (and the candidate rule set of V7, the proposals of V8 and V10 and their shadows' tallies of V9, JSON
            // columns from the start)
            assertEquals(Map.ofEntries(
                    Map.entry("LIQUIDATION_EVENT.ADL_COUNTERPARTIES", "JSON YES"),
                    Map.entry("LIQUIDATION_EVENT.CLOSED_POSITIONS", "JSON YES"),
                    Map.entry("RULE_REVISION.CONTENTS", "JSON NO"),
                    Map.entry("RULE_REVISION.FILES_CHANGED", "JSON NO"),
                    Map.entry("RULE_SET_CANDIDATE.CONTENTS", "JSON NO"),
                    Map.entry("RULE_PROPOSAL.CONTENTS", "JSON NO"),
                    Map.entry("RULE_PROPOSAL.FILES_CHANGED", "JSON NO"),
                    Map.entry("RULE_PROPOSAL.ERRORS", "JSON NO"),
                    Map.entry("RULE_PROPOSAL.APPROVALS", "JSON NO"),
                    Map.entry("RULE_PROPOSAL.IMPACT", "JSON YES"),
                    Map.entry("RULE_PROPOSAL.EXAMPLES", "JSON YES"),
                    Map.entry("RULE_PROPOSAL_SHADOW_TALLY.TALLY", "JSON NO")), jsonColumns(db));
            List<String[]> events = rows(db, "SELECT adl_counterparties, closed_positions FROM liquidation_event ORDER BY id");
            assertSameDocument(ReleaseZeroOneRows.FILLS_JSON, events.get(0)[0]);
            assertNull(events.get(0)[1]);
            assertNull(events.get(1)[0]);
            assertSameDocument(ReleaseZeroOneRows.CLOSED_JSON, events.get(1)[1]);
            String[] revision = rows(db, "SELECT contents, files_changed FROM rule_revision").get(0);
            assertSameDocument(ReleaseZeroOneRows.CONTENTS_JSON, revision[0]);
            assertSameDocument(ReleaseZeroOneRows.CHANGES_JSON, revision[1]);
        }
    }

    /**
     * The same JSON document: the same tokens, names and strings, every number the same BigDecimal
     * with its scale. H2 may spell a number differently ({@code 1E+1} as {@code 1E1}).
     */
    private static void assertSameDocument(String expected, String actual) throws IOException {
        JsonFactory json = new JsonFactory();
        try (JsonParser want = json.createParser(expected); JsonParser got = json.createParser(actual)) {
            for (JsonToken token = want.nextToken(); token != null; token = want.nextToken()) {
                assertEquals(token, got.nextToken(), () -> actual + " is not " + expected);
                if (token.isNumeric()) {
                    assertEquals(want.getDecimalValue(), got.getDecimalValue(), () -> actual + " is not " + expected);
                } else {
                    assertEquals(want.getText(), got.getText(), () -> actual + " is not " + expected);
                }
            }
            assertNull(got.nextToken(), () -> actual + " is longer than " + expected);
        }
    }

    private static Map<String, String> jsonColumns(Connection db) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String[] row : rows(db, "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = SCHEMA() AND data_type IN ('JSON', 'CHARACTER LARGE OBJECT')")) {
            columns.put(row[0] + "." + row[1], row[2] + " " + row[3]);
        }
        return columns;
    }

    private static List<String[]> rows(Connection db, String query) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet result = db.createStatement().executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Another process writes 300 entries and is killed with 300 more uncommitted. */
    private static void killedWhileWriting() throws IOException, InterruptedException {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), URL)
                .inheritIO().start();
        assertTrue(writer.waitFor(2, TimeUnit.MINUTES), "the writer did not end");
        assertEquals(KilledWriter.KILLED, writer.exitValue(), "the writer was to halt with a transaction open");
    }

    /**
     * Migrates as the service does at startup (application.properties, Ledger), to the latest
     * version; what version {@code version} was, by its description.
     */
    private static List<String> migrateFrom(String version) {
        Flyway flyway = Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .baselineOnMigrate(true).baselineVersion("1").load();
        flyway.migrate();
        MigrationInfoService info = flyway.info();
        assertEquals(0, info.pending().length, "migrations left pending");
        return Stream.of(info.applied()).filter(m -> m.getVersion().getVersion().equals(version))
                .map(MigrationInfo::getDescription).toList();
    }

    private static List<String> enumColumns(Connection db) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery("SELECT table_name, column_name"
                + " FROM information_schema.columns WHERE table_schema = SCHEMA() AND data_type = 'ENUM'")) {
            while (rows.next()) {
                columns.add(rows.getString(1) + "." + rows.getString(2));
            }
        }
        return columns;
    }

    private static Map<String, Integer> sources(Connection db) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (ResultSet rows = db.createStatement().executeQuery(
                "SELECT source, COUNT(*) FROM decision_log_entry GROUP BY source")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    /** Writes decision-log entries; as a program, it is killed with a transaction open. */
    public static final class KilledWriter {

        static final int KILLED = 9;
        private static final String[] SOURCES = {"CHECK", "STATELESS", "LEDGER"};

        public static void main(String[] args) throws SQLException {
            Connection db = DriverManager.getConnection(args[0], "sa", "");
            writeEntries(db, 0, 300);
            db.setAutoCommit(false);
            writeEntries(db, 300, 300);
            // the open transaction's rows reach the file with the next store, as they would under load
            try (Statement checkpoint = db.createStatement()) {
                checkpoint.execute("CHECKPOINT");
            }
            Runtime.getRuntime().halt(KILLED);
        }

        static void writeEntries(Connection db, int from, int count) throws SQLException {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO decision_log_entry (account_id, action, at,"
                    + " caller, decision_id, decision_deflated, input_deflated, latency_nanos, outcome, rule_set_revision,"
                    + " source) VALUES ('a', 'ADD_MARGIN', CURRENT_TIMESTAMP, 'platform', ?, X'00', X'00', 1, 'ALLOW',"
                    + " 'sha256:0', ?)")) {
                for (int i = from; i < from + count; i++) {
                    insert.setString(1, "decision-" + i);
                    insert.setString(2, SOURCES[i % SOURCES.length]);
                    insert.executeUpdate();
                }
            }
        }
    }
}
