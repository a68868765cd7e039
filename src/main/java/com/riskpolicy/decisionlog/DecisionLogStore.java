package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code decision_log_entry} table: inserts one entry in the caller's transaction or a batch of
 * entries with one JDBC batch in a transaction of its own (on PostgreSQL sent as multi-row inserts,
 * {@code reWriteBatchedInserts} in application.properties), lists and finds entries, and lets go of
 * those past retention the way the database does it best ({@link LogRetention}).
 */
@ApplicationScoped
public class DecisionLogStore {

    static final String INSERT = "insert into decision_log_entry (decision_id, at, source, action, account_id, symbol,"
            + " outcome, violation_codes, warning_codes, fired_rules, rule_set_revision, latency_nanos, caller,"
            + " input_deflated, decision_deflated) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SUMMARY = "e.id, e.source, e.caller, e.latencyNanos, e.accountId, e.symbol, e.decisionJson";
    /** The decision time first (see {@link LogPosition}); indexed by (at, id) and (account_id, at, id). */
    private static final String NEWEST_FIRST = " order by e.at desc, e.id desc";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager entityManager;
    private LogRetention retention;

    /**
     * Inserts a row in the caller's transaction, which must be active: the row commits or rolls back
     * with whatever else the transaction does.
     */
    public void insert(LogRow row) {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("decision " + row.decisionId() + " is to be logged in its action's"
                    + " transaction, but no transaction is active");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            row.bind(insert);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new DecisionLogStoreException(e);
        }
    }

    /** Writes the rows in one transaction of their own. */
    public void write(List<LogRow> rows) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (LogRow row : rows) {
                    row.bind(insert);
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new DecisionLogStoreException(e);
            }
        });
    }

    /** A page of entries without their input facts, newest first. */
    public DecisionLogPage page(DecisionLogQuery query) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("where 1 = 1");
            Map<String, Object> parameters = new LinkedHashMap<>();
            filter(where, parameters, "e.accountId = :accountId", "accountId", query.accountId());
            filter(where, parameters, "e.action = :action", "action", query.action());
            filter(where, parameters, "e.outcome = :outcome", "outcome", query.outcome());
            filter(where, parameters, "e.source = :source", "source", query.source());
            filter(where, parameters, "e.at >= :from", "from", query.from());
            filter(where, parameters, "e.at < :to", "to", query.to());
            after(where, parameters, query.before());
            TypedQuery<Object[]> select = entityManager.createQuery(
                    "select " + SUMMARY + " from DecisionLogEntity e " + where + NEWEST_FIRST, Object[].class);
            parameters.forEach(select::setParameter);
            List<Object[]> rows = select.setMaxResults(query.limit() + 1).getResultList();
            List<LogEntry> entries = rows.stream().limit(query.limit()).map(r -> entry(r, null)).toList();
            LogPosition next = rows.size() > query.limit() ? entries.get(entries.size() - 1).position() : null;
            return new DecisionLogPage(entries, next);
        });
    }

    /** How many decisions were logged from {@code from} on, by action and outcome. */
    public Map<Action, Map<Outcome, Long>> counts(Instant from) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<Action, Map<Outcome, Long>> counts = new EnumMap<>(Action.class);
            entityManager.createQuery("select e.action, e.outcome, count(e) from DecisionLogEntity e where e.at >= :from"
                            + " group by e.action, e.outcome", Object[].class)
                    .setParameter("from", from)
                    .getResultList()
                    .forEach(row -> counts.computeIfAbsent((Action) row[0], action -> new EnumMap<>(Outcome.class))
                            .put((Outcome) row[1], (Long) row[2]));
            return counts;
        });
    }

    /** Up to {@code limit} entries with their input facts, newest first, after {@code before} when given. */
    public List<LogEntry> withInput(LogPosition before, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("where 1 = 1");
            Map<String, Object> parameters = new LinkedHashMap<>();
            after(where, parameters, before);
            TypedQuery<Object[]> select = entityManager.createQuery("select " + SUMMARY + ", e.inputFacts"
                    + " from DecisionLogEntity e " + where + NEWEST_FIRST, Object[].class);
            parameters.forEach(select::setParameter);
            return select.setMaxResults(limit).getResultList().stream().map(r -> entry(r, (byte[]) r[7])).toList();
        });
    }

    /** One entry with its input facts. */
    public Optional<LogEntry> find(String decisionId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery("select " + SUMMARY
                        + ", e.inputFacts from DecisionLogEntity e where e.decisionId = :decisionId", Object[].class)
                .setParameter("decisionId", decisionId)
                .getResultStream().findFirst().map(r -> entry(r, (byte[]) r[7])));
    }

    /**
     * Makes the table ready for the entries of the coming days: on PostgreSQL, creates their
     * partitions ({@link LogRetention}).
     */
    public void prepare(Instant now) {
        retention().prepare(now);
    }

    /**
     * Deletes the entries decided before {@code cutoff}: every one on H2, whole days on PostgreSQL
     * ({@link LogRetention}); returns how many.
     */
    public long purge(Instant cutoff) {
        return retention().purge(cutoff);
    }

    /** Chosen by the database the service runs on, on first use rather than at startup: asking needs a connection. */
    private synchronized LogRetention retention() {
        if (retention == null) {
            String database;
            try (Connection connection = dataSource.getConnection()) {
                database = connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new DecisionLogStoreException(e);
            }
            retention = "PostgreSQL".equals(database) ? new PartitionRetention(dataSource) : new RowRetention(entityManager);
        }
        return retention;
    }

    /** Entries that come after {@code position} in the log's newest-first order. */
    private static void after(StringBuilder where, Map<String, Object> parameters, LogPosition position) {
        if (position != null) {
            // the first condition alone bounds a scan of the index on (at, id)
            where.append(" and e.at <= :beforeAt and (e.at < :beforeAt or e.id < :beforeId)");
            parameters.put("beforeAt", position.at());
            parameters.put("beforeId", position.id());
        }
    }

    private static void filter(StringBuilder where, Map<String, Object> parameters, String condition, String name,
                               Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            parameters.put(name, value);
        }
    }

    private static LogEntry entry(Object[] r, byte[] input) {
        return new LogEntry((Long) r[0], (DecisionSource) r[1], (String) r[2], (Long) r[3], (String) r[4],
                (String) r[5], DecisionLogJson.readDecision(Deflated.inflate((byte[]) r[6])),
                input == null ? null : Deflated.inflate(input));
    }

    /** The database refused a write. */
    public static final class DecisionLogStoreException extends RuntimeException {

        DecisionLogStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
