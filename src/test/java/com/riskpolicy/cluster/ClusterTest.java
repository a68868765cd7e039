package com.riskpolicy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node's name and whether its database is shared, from configuration. */
class ClusterTest {

    @Test
    void postgresql_is_shared_and_h2_is_not() {
        assertTrue(new Cluster("postgresql", Optional.of("node-1"), 8080).shared());
        assertFalse(new Cluster("h2", Optional.of("node-1"), 8080).shared());
    }

    @Test
    void the_configured_node_id_wins_and_a_blank_one_falls_back_to_host_and_port() {
        assertEquals("node-1", new Cluster("postgresql", Optional.of("node-1"), 8080).nodeId());
        String fallback = new Cluster("postgresql", Optional.of(" "), 18091).nodeId();
        assertTrue(fallback.endsWith(":18091") && fallback.length() > ":18091".length(), fallback);
        assertEquals(fallback, new Cluster("postgresql", Optional.empty(), 18091).nodeId());
    }
}
