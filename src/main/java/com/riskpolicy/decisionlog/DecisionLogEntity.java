package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of the decision log; its table is made by the migrations in {@code db/migration/h2} and
 * {@code db/migration/postgresql} (partitioned by day there: {@link PartitionRetention}).
 * {@link DecisionLogStore} inserts rows with plain JDBC and reads them back through this entity.
 * {@code id} grows in the order rows are written; the log is listed by decision time, then id
 * ({@link LogPosition}).
 * The code and rule columns are for querying the table directly; the decision JSON holds them in full.
 * The two JSON documents are stored as DEFLATE data ({@link Deflated}: stored as they are or
 * compressed), at most {@link #DOCUMENT_LENGTH} bytes each; an entry whose facts are larger still
 * goes whole to the service log instead.
 *
 * <p>The table replaces {@code decision_log} of the first release, whose JSON columns were CLOBs; a
 * database that has that table keeps it, unused.
 */
@Entity
@Table(name = "decision_log_entry", indexes = {
        @Index(name = "decision_log_entry_decision", columnList = "decision_id"),
        @Index(name = "decision_log_entry_account", columnList = "account_id, at, id"),
        @Index(name = "decision_log_entry_at", columnList = "at, id")})
class DecisionLogEntity {

    static final int ACCOUNT_ID_LENGTH = 64;
    static final int SYMBOL_LENGTH = 32;
    static final int CODES_LENGTH = 2000;
    static final int FIRED_RULES_LENGTH = 8000;
    static final int REVISION_LENGTH = 80;
    static final int CALLER_LENGTH = 128;
    /** H2's longest VARBINARY, kept in the row: a LOB would be stored and read apart from it. */
    static final int DOCUMENT_LENGTH = 1_000_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    /**
     * Not declared unique: every decision id is a UUID with 74 random bits ({@code Ids}), and a
     * unique index had the database search for a duplicate on every insert, a tenth of the writer's time.
     */
    @Column(name = "decision_id", nullable = false, length = 36)
    String decisionId;

    @Column(nullable = false)
    Instant at;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    DecisionSource source;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 32)
    Action action;

    @Column(name = "account_id", nullable = false, length = ACCOUNT_ID_LENGTH)
    String accountId;

    @Column(length = SYMBOL_LENGTH)
    String symbol;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 8)
    Outcome outcome;

    /** Distinct codes, comma-separated. */
    @Column(name = "violation_codes", length = CODES_LENGTH)
    String violationCodes;

    @Column(name = "warning_codes", length = CODES_LENGTH)
    String warningCodes;

    /** Rule names, one a line. */
    @Column(name = "fired_rules", length = FIRED_RULES_LENGTH)
    String firedRules;

    @Column(name = "rule_set_revision", nullable = false, length = REVISION_LENGTH)
    String ruleSetRevision;

    @Column(name = "latency_nanos", nullable = false)
    long latencyNanos;

    @Column(nullable = false, length = CALLER_LENGTH)
    String caller;

    /** {@link LoggedInput} as JSON, compressed: the account before, with its mark prices, and the request. */
    @Column(name = "input_deflated", nullable = false, length = DOCUMENT_LENGTH)
    byte[] inputFacts;

    /** The decision as JSON exactly as the service answered it ({@link com.riskpolicy.decision.DecisionView}), compressed. */
    @Column(name = "decision_deflated", nullable = false, length = DOCUMENT_LENGTH)
    byte[] decisionJson;
}
