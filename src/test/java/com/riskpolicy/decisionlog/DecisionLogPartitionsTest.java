package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL only (the build runs it with -Ppostgres): the decision log's table is partitioned by day
 * ({@link PartitionRetention}). The service has the partitions of today and the next days; retention
 * drops a day's partition once the whole day is past it and keeps a day it is within; entries that
 * went to the default partition are deleted past retention, or move into their day's partition
 * when it is created. A database of its own, so that what this test purges is its own, with a
 * retention of ten years, so that the service's own purge never takes the long past days it works on.
 */
@QuarkusTest
@TestProfile(DecisionLogPartitionsTest.OwnDatabase.class)
class DecisionLogPartitionsTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(TestDatabase.named("partitions"));
            overrides.put("policy.decision-log.retention", "P3650D");
            return overrides;
        }
    }

    @Inject
    DecisionLogStore store;
    @Inject
    AgroalDataSource dataSource;

    private final Deflated deflated = new Deflated(Deflated.STORED);

    @Test
    void the_service_starts_with_the_partitions_of_today_and_the_next_days() throws SQLException {
        // up to the day before the last: the service may have started before midnight
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<LocalDate> days = days();
        for (int ahead = 0; ahead < PartitionRetention.DAYS_AHEAD; ahead++) {
            assertTrue(days.contains(today.plusDays(ahead)), today.plusDays(ahead) + " has no partition: " + days);
        }
        LogRow now = row(Instant.now());
        store.write(List.of(now));
        assertEquals(PartitionRetention.partition(LocalDate.ofInstant(now.at(), ZoneOffset.UTC)), partitionOf(now));
    }

    @Test
    void a_day_wholly_past_retention_is_dropped_and_a_day_partly_within_it_kept() throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(400);
        LogRow beforeAnyPartition = row(start(day.minusDays(5)).plus(Duration.ofHours(1)));
        LogRow ahead = row(start(day.plusDays(3)).plus(Duration.ofHours(12)));
        store.write(List.of(beforeAnyPartition, ahead));
        assertEquals(PartitionRetention.DEFAULT_PARTITION, partitionOf(beforeAnyPartition));
        assertEquals(PartitionRetention.DEFAULT_PARTITION, partitionOf(ahead));

        store.prepare(start(day).plus(Duration.ofHours(6)));

        List<LocalDate> created = IntStream.rangeClosed(0, PartitionRetention.DAYS_AHEAD).mapToObj(day::plusDays).toList();
        assertTrue(days().containsAll(created), "partitions " + days());
        assertEquals(PartitionRetention.partition(day.plusDays(3)), partitionOf(ahead), "moved out of the default partition");
        LogRow first = row(start(day).plus(Duration.ofHours(12)));
        LogRow second = row(start(day.plusDays(1)).plus(Duration.ofHours(12)));
        LogRow thirdBeforeCutoff = row(start(day.plusDays(2)).plus(Duration.ofHours(1)));
        LogRow thirdAfterCutoff = row(start(day.plusDays(2)).plus(Duration.ofHours(3)));
        store.write(List.of(first, second, thirdBeforeCutoff, thirdAfterCutoff));
        assertEquals(PartitionRetention.partition(day), partitionOf(first));

        long purged = store.purge(start(day.plusDays(2)).plus(Duration.ofHours(2)));

        assertEquals(3, purged, "the first two days whole and the entry in the default partition");
        List<LocalDate> left = days();
        assertTrue(!left.contains(day) && !left.contains(day.plusDays(1)), "days past retention still there: " + left);
        assertTrue(left.contains(day.plusDays(2)) && left.contains(day.plusDays(3)), "days within retention dropped: " + left);
        assertNull(partitionOf(first));
        assertNull(partitionOf(second));
        assertNull(partitionOf(beforeAnyPartition));
        assertEquals(PartitionRetention.partition(day.plusDays(2)), partitionOf(thirdBeforeCutoff),
                "its day is not wholly past retention");
        assertEquals(PartitionRetention.partition(day.plusDays(2)), partitionOf(thirdAfterCutoff));
        assertEquals(PartitionRetention.partition(day.plusDays(3)), partitionOf(ahead));
    }

    @Test
    void a_batch_of_entries_is_sent_as_multi_row_inserts() throws SQLException {
        // pgjdbc answers a batch it rewrote into multi-row inserts (of a power of two rows, up to 128
        // each) with SUCCESS_NO_INFO for every row, and with each statement's row count otherwise.
        // DecisionLogStore.write sends its batches this way, on a connection of the same pool.
        int rows = 8;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(DecisionLogStore.INSERT)) {
            for (int i = 0; i < rows; i++) {
                row(Instant.now()).bind(insert);
                insert.addBatch();
            }
            int[] expected = new int[rows];
            Arrays.fill(expected, Statement.SUCCESS_NO_INFO);
            assertArrayEquals(expected, insert.executeBatch());
        }
    }

    private LogRow row(Instant at) {
        String decisionId = UUID.randomUUID().toString();
        return new LogRow(decisionId, at, "CHECK", "SWITCH_MARGIN_MODE", "partitions", "BTCUSDT", "ALLOW", "", "", "",
                "sha256:test", 1_000, "platform", deflated.compress("{}"), deflated.compress("{}"));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private List<LocalDate> days() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return PartitionRetention.days(connection);
        }
    }

    /** The partition that holds the entry; null when it is gone. */
    private String partitionOf(LogRow row) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT CAST(tableoid AS regclass) FROM decision_log_entry WHERE decision_id = ?")) {
            select.setString(1, row.decisionId());
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }
}
