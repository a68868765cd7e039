package com.riskpolicy.decisionlog;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * PostgreSQL: {@code decision_log_entry} is partitioned by the time of each decision, a partition a
 * day (UTC), named {@code decision_log_entry_YYYYMMDD} (db/migration/postgresql/V1). The partitions of
 * today and the next {@value #DAYS_AHEAD} days are created ahead of time, at startup and by every
 * purge; an entry whose day has no partition goes to the default partition, so that an insert never
 * fails for want of one.
 *
 * <p>Retention drops a day's partition once the whole day is past it: an entry is kept until its
 * day is, at most a day longer than the retention, and no entry is deleted row by row. Entries past
 * retention in the default partition (there are none unless partitions were missing) are deleted.
 *
 * <p>Several services may share the database: each of these steps runs in one transaction under an
 * advisory lock of the schema's decision log, so that two never create or drop the same partition.
 * Creating or dropping a partition locks the table for a moment; the step waits at most
 * {@value #LOCK_TIMEOUT} for that lock rather than queue the service's inserts behind a long query.
 */
final class PartitionRetention implements LogRetention {

    static final String TABLE = "decision_log_entry";
    static final String DEFAULT_PARTITION = TABLE + "_default";
    /** Besides today's: a service whose purge fails for this many days still has partitions for its entries. */
    static final int DAYS_AHEAD = 3;
    private static final String LOCK_TIMEOUT = "5s";
    private static final Pattern DAY_PARTITION = Pattern.compile(TABLE + "_(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Logger LOG = Logger.getLogger(PartitionRetention.class);

    private final AgroalDataSource dataSource;

    PartitionRetention(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the partitions of the day of {@code now} and of the next days that do not exist yet. */
    @Override
    public void prepare(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        inTransaction(connection -> {
            TreeSet<LocalDate> existing = new TreeSet<>(days(connection));
            for (int ahead = 0; ahead <= DAYS_AHEAD; ahead++) {
                LocalDate day = today.plusDays(ahead);
                if (!existing.contains(day)) {
                    create(connection, day);
                }
            }
            return null;
        });
    }

    /**
     * Drops the partitions of the days that ended at or before {@code cutoff}, and deletes the entries
     * before it from the default partition; returns how many entries went (a day's are counted before
     * its partition is dropped, for policy_decision_log_purged_total: one read of the day's index).
     */
    @Override
    public long purge(Instant cutoff) {
        return inTransaction(connection -> {
            long deleted = 0;
            for (LocalDate day : days(connection)) {
                if (!start(day.plusDays(1)).isAfter(cutoff)) {
                    long entries = count(connection, partition(day));
                    execute(connection, "DROP TABLE " + partition(day));
                    LOG.infof("Decision log: dropped the partition of %s (%d entries), past retention", day, entries);
                    deleted += entries;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + DEFAULT_PARTITION + " WHERE at < ?")) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                deleted += delete.executeUpdate();
            }
            return deleted;
        });
    }

    /** The days that have a partition, oldest first. */
    static List<LocalDate> days(Connection connection) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = CAST(? AS regclass) ORDER BY c.relname")) {
            select.setString(1, TABLE);
            try (ResultSet names = select.executeQuery()) {
                while (names.next()) {
                    Matcher day = DAY_PARTITION.matcher(names.getString(1));
                    if (day.matches()) {
                        days.add(LocalDate.parse(day.group(1), DAY));
                    }
                }
            }
        }
        return days;
    }

    static String partition(LocalDate day) {
        return TABLE + "_" + DAY.format(day);
    }

    /**
     * Creates the day's partition. Entries of that day already in the default partition (decided with
     * a clock ahead, or while the partition was missing) move into it: PostgreSQL refuses a partition
     * for rows that the default partition holds.
     */
    private static void create(Connection connection, LocalDate day) throws SQLException {
        String bounds = "FOR VALUES FROM ('" + start(day) + "') TO ('" + start(day.plusDays(1)) + "')";
        boolean move;
        try (PreparedStatement any = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + DEFAULT_PARTITION + " WHERE at >= ? AND at < ?)")) {
            bindDay(any, day);
            try (ResultSet result = any.executeQuery()) {
                result.next();
                move = result.getBoolean(1);
            }
        }
        if (!move) {
            execute(connection, "CREATE TABLE " + partition(day) + " PARTITION OF " + TABLE + " " + bounds);
            return;
        }
        execute(connection, "CREATE TEMPORARY TABLE decision_log_entry_moved (LIKE " + TABLE + ") ON COMMIT DROP");
        int moved;
        try (PreparedStatement take = connection.prepareStatement("WITH moved AS (DELETE FROM " + DEFAULT_PARTITION
                + " WHERE at >= ? AND at < ? RETURNING *) INSERT INTO decision_log_entry_moved SELECT * FROM moved")) {
            bindDay(take, day);
            moved = take.executeUpdate();
        }
        execute(connection, "CREATE TABLE " + partition(day) + " PARTITION OF " + TABLE + " " + bounds);
        execute(connection, "INSERT INTO " + TABLE + " SELECT * FROM decision_log_entry_moved");
        execute(connection, "DROP TABLE decision_log_entry_moved");
        LOG.infof("Decision log: created the partition of %s with %d entries from the default partition", day, moved);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void bindDay(PreparedStatement statement, LocalDate day) throws SQLException {
        statement.setObject(1, OffsetDateTime.ofInstant(start(day), ZoneOffset.UTC));
        statement.setObject(2, OffsetDateTime.ofInstant(start(day.plusDays(1)), ZoneOffset.UTC));
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet count = sql.executeQuery("SELECT count(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One transaction, under the advisory lock of this schema's decision log, waiting at most {@value #LOCK_TIMEOUT} for a lock. */
    private <T> T inTransaction(Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                execute(connection, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                execute(connection, "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '." + TABLE + "'))");
                return work.run(connection);
            } catch (SQLException e) {
                throw new DecisionLogStore.DecisionLogStoreException(e);
            }
        });
    }
}
