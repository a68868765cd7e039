package com.riskpolicy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The database the tests run on: H2 in memory, or PostgreSQL when the build says so
 * ({@code ./mvnw verify -Ppostgres} sets {@code policy.test.database=postgresql}), on the server at
 * {@code POLICY_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code POLICY_TEST_PG_USER} or postgres, password {@code POLICY_TEST_PG_PASSWORD} or none).
 *
 * <p>On PostgreSQL every test JVM works in schemas of its own, named {@code policy_test_} and a random
 * suffix ({@link #schema()}), so that two runs on one server (two work trees, or surefire and
 * failsafe) never see each other's rows; Flyway creates them, and {@link TestSchemasDropped} drops
 * them when the JVM's tests are done. A service that needs a database of its own (a test profile
 * that must not see what other tests left, a restart) takes a named one ({@link #named}): on H2 a
 * database in memory of that name, on PostgreSQL a schema of that name after the JVM's.
 */
public final class TestDatabase {

    static final String DATABASE_PROPERTY = "policy.test.database";
    /** The JVM's schema, chosen once: Quarkus loads test classes again for every test profile. */
    static final String SCHEMA_PROPERTY = "policy.test.schema";
    private static final String SCHEMA_PREFIX = "policy_test_";

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgresql".equals(System.getProperty(DATABASE_PROPERTY));
    }

    /** This JVM's schema on PostgreSQL, the same whichever class loader asks. */
    public static String schema() {
        return (String) System.getProperties().computeIfAbsent(SCHEMA_PROPERTY, key -> {
            byte[] suffix = new byte[6];
            new SecureRandom().nextBytes(suffix);
            return SCHEMA_PREFIX + HexFormat.of().formatHex(suffix);
        });
    }

    /** The JDBC URL of the server, without a schema. */
    public static String serverUrl() {
        return env("POLICY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return env("POLICY_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("POLICY_TEST_PG_PASSWORD", "");
    }

    /** The JDBC URL that works in {@code schema} on PostgreSQL. */
    public static String url(String schema) {
        return serverUrl() + (serverUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The schema of a named database on PostgreSQL. */
    public static String schema(String name) {
        return schema() + "_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /**
     * The configuration of the service's database for this JVM's tests; empty on H2, whose
     * in-memory database application.properties names (%test).
     */
    public static Map<String, String> config() {
        if (!postgres()) {
            return Map.of();
        }
        return postgresConfig(schema());
    }

    /** The configuration of a database of its own, called {@code name}, for a test profile. */
    public static Map<String, String> named(String name) {
        if (!postgres()) {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        }
        return postgresConfig(schema(name));
    }

    /**
     * A database of its own that outlives the service: an H2 file under {@code folder} (which the
     * caller deletes to start afresh), or a schema called {@code name} on PostgreSQL.
     */
    public static Map<String, String> kept(String name, String folder) {
        if (!postgres()) {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + folder + "/ledger;LOCK_TIMEOUT=10000");
        }
        return postgresConfig(schema(name));
    }

    private static Map<String, String> postgresConfig(String schema) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", url(schema));
        config.put("quarkus.datasource.username", user());
        config.put("quarkus.datasource.password", password());
        // Flyway creates the schema and, where the test profile cleans at start, empties it
        config.put("quarkus.flyway.schemas", schema);
        return config;
    }

    /** A connection to the server, in no schema of the tests. */
    public static Connection server() throws SQLException {
        return DriverManager.getConnection(serverUrl(), user(), password());
    }

    /** Drops a schema of this JVM's with everything in it, if it is there. */
    public static void drop(String schema) throws SQLException {
        if (!schema.startsWith(schema())) {
            throw new IllegalArgumentException(schema + " is not a schema of this run's (" + schema() + ")");
        }
        try (Connection connection = server(); Statement sql = connection.createStatement()) {
            sql.execute("SET lock_timeout = '10s'");
            sql.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    /** Drops every schema of this JVM's; returns their names. */
    static List<String> dropAll() throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Connection connection = server(); Statement sql = connection.createStatement()) {
            try (ResultSet names = sql.executeQuery("SELECT nspname FROM pg_namespace")) {
                while (names.next()) {
                    String name = names.getString(1);
                    if (name.equals(schema()) || name.startsWith(schema() + "_")) {
                        schemas.add(name);
                    }
                }
            }
        }
        for (String schema : schemas) {
            drop(schema);
        }
        return schemas;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
