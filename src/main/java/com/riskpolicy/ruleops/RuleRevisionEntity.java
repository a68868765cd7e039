package com.riskpolicy.ruleops;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** One activation of a rule set: which revision, when, by whom, what changed, and every file's text. */
@Entity
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

    /** JSON: [{"file","change"}] against the previous revision. */
    @Lob
    @Column(name = "files_changed", nullable = false)
    String filesChanged;

    /** JSON: {"name": "content"} of every file. */
    @Lob
    @Column(nullable = false)
    String contents;
}
