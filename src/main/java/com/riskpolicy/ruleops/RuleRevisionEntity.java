package com.riskpolicy.ruleops;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One activation of a rule set, written once: which revision, when, by whom, what changed, and every file's text. */
@Entity
@Immutable
@Table(name = "rule_revision", indexes = @Index(name = "rule_revision_revision", columnList = "revision"))
class RuleRevisionEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(nullable = false, length = 80)
    String revision;

    @Column(name = "previous_revision", length = 80)
    String previousRevision;

    @Column(name = "activated_at", nullable = false)
    Instant activatedAt;

    @Column(name = "activated_by", nullable = false, length = 100)
    String activatedBy;

    @Column(nullable = false, length = 16)
    String source;

    /** Against the previous revision. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "files_changed", nullable = false)
    List<RuleRevisions.FileChange> filesChanged;

    /** Every file's text by its name. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    Map<String, String> contents;

    /** The proposal it activated, if it came from one, with its reason and its approvers (comma-separated). */
    @Column(name = "proposal_id")
    Long proposalId;

    @Column(length = 2000)
    String reason;

    @Column(name = "approved_by", length = 1000)
    String approvedBy;
}
