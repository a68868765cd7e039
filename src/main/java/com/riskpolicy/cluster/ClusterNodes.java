package com.riskpolicy.cluster;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The nodes serving the database (table {@code cluster_node}): every node reports, every
 * {@code policy.cluster.heartbeat}, the rule-set revision it serves and the one it has prepared. A node is live while its last
 * report is younger than {@code policy.cluster.node-timeout}, by the database's clock, so nodes with
 * clocks apart still agree.
 */
@ApplicationScoped
public class ClusterNodes {

    private static final Logger LOG = Logger.getLogger(ClusterNodes.class);

    @Inject
    Cluster cluster;
    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "policy.cluster.heartbeat", defaultValue = "PT1S")
    Duration heartbeat;
    @ConfigProperty(name = "policy.cluster.node-timeout", defaultValue = "PT10S")
    Duration nodeTimeout;

    private final ScheduledExecutorService reporter = Daemons.scheduler("cluster-heartbeat");
    private final Instant startedAt = Instant.now();
    private volatile Supplier<String> served = () -> null;
    private volatile Supplier<String> prepared = () -> null;

    /**
     * A node as it last reported.
     *
     * @param revision         the rule set it serves
     * @param preparedRevision the rule set it has compiled and self-tested ahead of its activation, if any
     */
    public record Node(String nodeId, Instant startedAt, Instant lastSeen, String revision, String preparedRevision,
                       boolean live) {
    }

    /** Starts reporting the values of {@code revision} and {@code preparedRevision} now and every heartbeat after. */
    public void report(Supplier<String> revision, Supplier<String> preparedRevision) {
        served = revision;
        prepared = preparedRevision;
        reportNow();
        reporter.scheduleWithFixedDelay(this::reportQuietly, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        reporter.shutdownNow();
    }

    /** Reports this node's revision at once (after an activation, so that others see it without waiting). */
    public void reportNow() {
        String sql = "MERGE INTO cluster_node n USING (SELECT CAST(? AS VARCHAR(200)) AS node_id) v ON n.node_id = v.node_id"
                + " WHEN MATCHED THEN UPDATE SET last_seen = CURRENT_TIMESTAMP, rule_set_revision = ?, prepared_revision = ?"
                + " WHEN NOT MATCHED THEN INSERT (node_id, started_at, last_seen, rule_set_revision, prepared_revision)"
                + " VALUES (v.node_id, ?, CURRENT_TIMESTAMP, ?, ?)";
        String revision = served.get();
        String ahead = prepared.get();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster.nodeId());
            statement.setString(2, revision);
            statement.setString(3, ahead);
            statement.setTimestamp(4, Timestamp.from(startedAt));
            statement.setString(5, revision);
            statement.setString(6, ahead);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot report node " + cluster.nodeId() + ": " + e.getMessage(), e);
        }
    }

    /** Every node that has reported, live ones first, then by name. */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT node_id, started_at, last_seen, rule_set_revision, CURRENT_TIMESTAMP, prepared_revision"
                             + " FROM cluster_node ORDER BY node_id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Instant lastSeen = rows.getTimestamp(3).toInstant();
                Instant now = rows.getTimestamp(5).toInstant();
                out.add(new Node(rows.getString(1), rows.getTimestamp(2).toInstant(), lastSeen, rows.getString(4),
                        rows.getString(6), Duration.between(lastSeen, now).compareTo(nodeTimeout) < 0));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster's nodes: " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.live() != b.live() ? (a.live() ? -1 : 1) : a.nodeId().compareTo(b.nodeId()));
        return out;
    }

    private void reportQuietly() {
        try {
            reportNow();
        } catch (RuntimeException e) {
            LOG.warnf("Node %s could not report to the cluster: %s", cluster.nodeId(), e.getMessage());
        }
    }
}
