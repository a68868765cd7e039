package com.riskpolicy.ruleops;

import com.fasterxml.jackson.databind.JsonNode;
import com.riskpolicy.rules.RuleError;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A proposed rule change: the candidate's files, against which revision, by whom, and where it stands. */
@Entity
@Table(name = "rule_proposal")
class RuleProposalEntity {

    @Id
    @GeneratedValue
    Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    ProposalStatus status;

    @Column(name = "proposed_by", nullable = false, length = 100)
    String proposedBy;

    @Column(name = "proposed_at", nullable = false)
    Instant proposedAt;

    @Column(nullable = false, length = 2000)
    String reason;

    /** The active revision when it was proposed: the diff's left side. */
    @Column(name = "base_revision", nullable = false, length = 80)
    String baseRevision;

    /** The candidate's revision. */
    @Column(nullable = false, length = 80)
    String revision;

    /** Every file of the candidate by its name. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    Map<String, String> contents;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "files_changed", nullable = false)
    List<RuleRevisions.FileChange> filesChanged;

    /** The compiler's and the self-test's errors; empty for a valid candidate. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    List<RuleError> errors;

    @Enumerated(EnumType.STRING)
    @Column(name = "self_test", nullable = false, length = 8)
    SelfTestOutcome selfTest;

    /** Who approved it and when, in the order they did. */
    @Enumerated(EnumType.STRING)
    @Column(name = "impact_status", nullable = false, length = 8)
    RuleProposals.ImpactStatus impactStatus;

    /** What the policy examples found ({@link PolicyExamples.Report}) as JSON; null when it does not compile. */
    @JdbcTypeCode(SqlTypes.JSON)
    JsonNode examples;

    /** The impact report ({@link ImpactReport}) as JSON, once computed. */
    @JdbcTypeCode(SqlTypes.JSON)
    JsonNode impact;

    @Column(name = "impact_error", length = 2000)
    String impactError;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    List<StoredApproval> approvals;

    /** An approval as the JSON column holds it: the time as ISO-8601 text (the column's JSON mapper knows no Instant). */
    record StoredApproval(String by, String at) {

        RuleProposals.Approval approval() {
            return new RuleProposals.Approval(by, Instant.parse(at));
        }
    }

    @Column(name = "decided_by", length = 100)
    String decidedBy;

    @Column(name = "decided_at")
    Instant decidedAt;

    @Column(name = "decision_reason", length = 2000)
    String decisionReason;
}
