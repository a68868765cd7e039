package com.riskpolicy.durability;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own on the PostgreSQL server the tests use (POLICY_TEST_PG_URL, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres), for the nodes of one cluster test:
 * created empty, so that Flyway migrates it from the start, and dropped with everything in it when
 * closed. No other run sees it.
 */
final class ClusterSchema implements AutoCloseable {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    private ClusterSchema(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    static ClusterSchema create() throws SQLException {
        String url = setting("POLICY_TEST_PG_URL", DEFAULT_URL);
        String user = setting("POLICY_TEST_PG_USER", "postgres");
        String password = setting("POLICY_TEST_PG_PASSWORD", "");
        String name = "cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ClusterSchema schema = new ClusterSchema(url, user, password, name);
        schema.execute("CREATE SCHEMA " + name);
        return schema;
    }

    String name() {
        return name;
    }

    /** The server's URL with the schema as the connections' current one (where Flyway migrates). */
    String jdbcUrl() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /**
     * A node of the packaged service on this schema, in {@code parent/nodeId} with its own copy of the
     * rules, named {@code nodeId} (POLICY_NODE_ID); not started yet.
     */
    ServiceProcess node(Path parent, String nodeId) throws IOException {
        return ServiceProcess.in(parent.resolve(nodeId))
                .environment("POLICY_NODE_ID", nodeId)
                .environment("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl())
                .environment("QUARKUS_DATASOURCE_USERNAME", user)
                .environment("QUARKUS_DATASOURCE_PASSWORD", password);
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String setting(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
