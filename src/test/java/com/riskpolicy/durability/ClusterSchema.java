package com.riskpolicy.durability;

import com.riskpolicy.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The one database of a cluster test's nodes: on the PostgreSQL server of the tests (TestDatabase,
 * POLICY_TEST_PG_URL) a schema of this test JVM's, dropped when it is made, so that its nodes start on
 * an empty one, and again when it is closed. The nodes migrate it (Flyway) as they start.
 */
final class ClusterSchema implements AutoCloseable {

    private final String name;

    private ClusterSchema(String name) {
        this.name = name;
    }

    /** The schema for the cluster called {@code name}; PostgreSQL only (./mvnw verify -Ppostgres). */
    static ClusterSchema named(String name) throws SQLException {
        if (!TestDatabase.postgres()) {
            throw new IllegalStateException("several nodes share a PostgreSQL database only: run ./mvnw verify -Ppostgres");
        }
        ClusterSchema schema = new ClusterSchema(name);
        TestDatabase.drop(schema.name());
        return schema;
    }

    /** The schema's name on the server. */
    String name() {
        return TestDatabase.schema(name);
    }

    /**
     * A node of the packaged service on this schema, in {@code parent/nodeId} with its own copy of the
     * rules, named {@code nodeId} (POLICY_NODE_ID); not started yet.
     */
    ServiceProcess node(Path parent, String nodeId) throws IOException {
        return ServiceProcess.in(parent.resolve(nodeId)).database(name).environment("POLICY_NODE_ID", nodeId);
    }

    @Override
    public void close() throws SQLException {
        TestDatabase.drop(name());
    }
}
