package com.riskpolicy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.ruleops.RuleRevisions;
import com.riskpolicy.ruleops.RuleRevisions.Revision;
import com.riskpolicy.rules.RuleFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.tools.DeleteDbFiles;
import org.junit.jupiter.api.Test;

/**
 * The service started on a database of release 0.1 ({@link ReleaseZeroOneRows}) reads what that
 * release wrote into its JSON text columns as it was, through the typed JSON attributes the columns
 * have become: every decimal with its scale, every file's text to the character.
 */
@QuarkusTest
@TestProfile(ReleaseZeroOneDatabaseTest.ReleaseZeroOneDatabase.class)
class ReleaseZeroOneDatabaseTest {

    private static final Path HOME = Path.of("target/release-0-1-database");

    /** A file database as release 0.1 left it, migrated at startup like any other. */
    public static class ReleaseZeroOneDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "jdbc:h2:file:./" + HOME.resolve("ledger") + ";LOCK_TIMEOUT=10000";
            DeleteDbFiles.execute(HOME.toString(), "ledger", true);
            try (Connection db = DriverManager.getConnection(url, "sa", "")) {
                ReleaseZeroOneRows.write(db);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot write the database of release 0.1", e);
            }
            return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.flyway.clean-at-start", "false");
        }
    }

    @Inject
    LiquidationEvents events;
    @Inject
    RuleRevisions revisions;

    @Test
    void its_liquidation_events_read_back_with_their_fills_and_closed_positions_as_written() {
        List<LiquidationEvent> read = events.list(ReleaseZeroOneRows.LIQUIDATED, null, null, 10);

        assertEquals(List.of(LiquidationType.ACCOUNT_LIQUIDATION, LiquidationType.ISOLATED_LIQUIDATION),
                read.stream().map(LiquidationEvent::type).toList());
        assertEquals(List.of(), read.get(0).adlCounterparties());
        assertEquals(ReleaseZeroOneRows.CLOSED, read.get(0).closedPositions());
        assertEquals(ReleaseZeroOneRows.FILLS, read.get(1).adlCounterparties());
        assertEquals(List.of(), read.get(1).closedPositions());
    }

    @Test
    void its_rule_revision_reads_back_with_every_file_and_change_as_recorded() {
        Revision recorded = revisions.find(ReleaseZeroOneRows.REVISION).orElseThrow();

        assertEquals(new TreeMap<>(ReleaseZeroOneRows.CONTENTS), recorded.contents());
        assertEquals(ReleaseZeroOneRows.CHANGES, recorded.filesChanged());
        // this start recorded its rule set against the files it read back: the same files, the same hash
        Revision started = revisions.list(1).get(0);
        assertEquals(RuleFiles.of(ReleaseZeroOneRows.CONTENTS).revision(), started.previousRevision());
    }
}
