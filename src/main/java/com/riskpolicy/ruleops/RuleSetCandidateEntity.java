package com.riskpolicy.ruleops;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The rule set a node is about to activate for the cluster (one row, {@code cluster}): others prepare it ahead. */
@Entity
@Table(name = "rule_set_candidate")
class RuleSetCandidateEntity {

    static final String CLUSTER = "cluster";

    @Id
    @Column(length = 16)
    String name;

    @Column(nullable = false, length = 80)
    String revision;

    /** Every file's text by its name. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    Map<String, String> contents;

    @Column(name = "proposed_by", nullable = false, length = 200)
    String proposedBy;

    @Column(name = "proposed_at", nullable = false)
    Instant proposedAt;
}
