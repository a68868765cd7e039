package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The {@code decision_log_entry} table: inserts a batch of entries with one JDBC batch in one
 * transaction, lists and finds entries, and deletes those past retention.
 */
@ApplicationScoped
public class DecisionLogStore {

    private static final Logger LOG = Logger.getLogger(DecisionLogStore.class);

    private static final String INSERT = "insert into decision_log_entry (decision_id, at, source, action, account_id, symbol,"
            + " outcome, violation_codes, warning_codes, fired_rules, rule_set_revision, latency_nanos, caller,"
            + " input_deflated, decision_deflated) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SUMMARY = "e.id, e.source, e.caller, e.latencyNanos, e.accountId, e.symbol, e.decisionJson";
    private static final int PURGE_CHUNK = 10_000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager entityManager;

    /** Used by the writer thread only; a test writing directly shares it safely. */
    private final Deflated deflated = new Deflated();

    /**
     * Writes the entries in one transaction. JSON is made here, on the writer's thread; an entry
     * that cannot be turned into JSON (it never should) is stored with the reason in its place.
     */
    public void write(List<LoggedDecision> batch) {
        List<Row> rows = batch.stream().map(this::row).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Row row : rows) {
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
            filter(where, parameters, "e.id < :before", "before", query.before());
            TypedQuery<Object[]> select = entityManager.createQuery(
                    "select " + SUMMARY + " from DecisionLogEntity e " + where + " order by e.id desc", Object[].class);
            parameters.forEach(select::setParameter);
            List<Object[]> rows = select.setMaxResults(query.limit() + 1).getResultList();
            List<LogEntry> entries = rows.stream().limit(query.limit()).map(r -> entry(r, null)).toList();
            Long next = rows.size() > query.limit() ? entries.get(entries.size() - 1).id() : null;
            return new DecisionLogPage(entries, next);
        });
    }

    /** Up to {@code limit} entries with their input facts, newest first, older than {@code before} when given. */
    public List<LogEntry> withInput(Long before, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TypedQuery<Object[]> select = entityManager.createQuery("select " + SUMMARY + ", e.inputFacts"
                    + " from DecisionLogEntity e" + (before == null ? "" : " where e.id < :before")
                    + " order by e.id desc", Object[].class);
            if (before != null) {
                select.setParameter("before", before);
            }
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

    /** Deletes every entry decided before {@code cutoff}, a chunk per transaction; returns how many. */
    public long purge(Instant cutoff) {
        Long newest = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select max(e.id) from DecisionLogEntity e where e.at < :cutoff", Long.class)
                .setParameter("cutoff", cutoff).getSingleResult());
        if (newest == null) {
            return 0;
        }
        long deleted = 0;
        while (true) {
            int count = QuarkusTransaction.requiringNew().call(() -> {
                List<Long> ids = entityManager.createQuery("select e.id from DecisionLogEntity e"
                                + " where e.id <= :newest and e.at < :cutoff order by e.id", Long.class)
                        .setParameter("newest", newest).setParameter("cutoff", cutoff)
                        .setMaxResults(PURGE_CHUNK).getResultList();
                if (ids.isEmpty()) {
                    return 0;
                }
                return entityManager.createQuery("delete from DecisionLogEntity e where e.id in :ids")
                        .setParameter("ids", ids).executeUpdate();
            });
            if (count == 0) {
                return deleted;
            }
            deleted += count;
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

    private Row row(LoggedDecision logged) {
        Decision decision = logged.decision();
        String input;
        String decisionJson;
        try {
            input = DecisionLogJson.input(logged);
            decisionJson = DecisionLogJson.decision(decision);
        } catch (RuntimeException e) {
            // Not expected: every value in a decision is a record of strings, enums and decimals.
            LOG.errorf(e, "decision %s could not be written as JSON; its row says why instead", decision.decisionId());
            input = "{\"error\":\"could not be written as JSON: " + e.getClass().getSimpleName() + "\"}";
            decisionJson = input;
        }
        return new Row(decision.decisionId(), decision.evaluatedAt().truncatedTo(ChronoUnit.MICROS),
                logged.source().name(), decision.action().name(),
                clip(logged.before().accountId(), DecisionLogEntity.ACCOUNT_ID_LENGTH),
                clip(logged.request().symbol(), DecisionLogEntity.SYMBOL_LENGTH), decision.decision().name(),
                clip(decision.violations().stream().map(Violation::code).distinct().collect(Collectors.joining(",")),
                        DecisionLogEntity.CODES_LENGTH),
                clip(decision.warnings().stream().map(Warning::code).distinct().collect(Collectors.joining(",")),
                        DecisionLogEntity.CODES_LENGTH),
                clip(String.join("\n", decision.firedRules()), DecisionLogEntity.FIRED_RULES_LENGTH),
                clip(decision.ruleSetRevision(), DecisionLogEntity.REVISION_LENGTH), logged.latencyNanos(),
                clip(logged.caller(), DecisionLogEntity.CALLER_LENGTH), deflated.compress(input),
                deflated.compress(decisionJson));
    }

    /** Keeps a value within its column; the decision JSON always holds it in full. */
    private static String clip(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length - 1) + "…";
    }

    private record Row(String decisionId, Instant at, String source, String action, String accountId, String symbol,
                       String outcome, String violationCodes, String warningCodes, String firedRules,
                       String revision, long latencyNanos, String caller, byte[] input, byte[] decision) {

        void bind(PreparedStatement insert) throws SQLException {
            insert.setString(1, decisionId);
            insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.setString(3, source);
            insert.setString(4, action);
            insert.setString(5, accountId);
            insert.setString(6, symbol);
            insert.setString(7, outcome);
            insert.setString(8, violationCodes);
            insert.setString(9, warningCodes);
            insert.setString(10, firedRules);
            insert.setString(11, revision);
            insert.setLong(12, latencyNanos);
            insert.setString(13, caller);
            insert.setBytes(14, input);
            insert.setBytes(15, decision);
        }
    }

    /** The database refused a write. */
    public static final class DecisionLogStoreException extends RuntimeException {

        DecisionLogStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
