package com.riskpolicy.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this node shares its database with other nodes, and its name among them.
 *
 * <p>On PostgreSQL several identical nodes may serve one database: the ledger then serialises in the
 * database rather than in this JVM, checks confirm their cached account against the database, ticks
 * bring the liquidation index up to date first, and the rule set follows the cluster's. The embedded
 * H2 file is opened by one process only, so on H2 the node is alone and skips that work.
 */
@ApplicationScoped
public class Cluster {

    private final boolean shared;
    private final String nodeId;

    @Inject
    Cluster(@ConfigProperty(name = "quarkus.datasource.db-kind") String databaseKind,
            @ConfigProperty(name = "policy.node-id") Optional<String> nodeId,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this(databaseKind.toLowerCase().startsWith("postgres"),
                nodeId.filter(id -> !id.isBlank()).orElseGet(() -> hostName() + ":" + port));
    }

    public Cluster(boolean shared, String nodeId) {
        this.shared = shared;
        this.nodeId = nodeId;
    }

    /** Whether other nodes may write the same database (PostgreSQL). */
    public boolean shared() {
        return shared;
    }

    /** This node's name: {@code policy.node-id} (env POLICY_NODE_ID), else host name and HTTP port. */
    public String nodeId() {
        return nodeId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
