package com.riskpolicy.ruleops;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A proposal's shadow: who started its current run and when, and whether and why it stopped. */
@Entity
@Table(name = "rule_proposal_shadow")
class RuleShadowEntity {

    @Id
    @Column(name = "proposal_id")
    Long proposalId;

    /** Counts the shadow's starts; the tallies of earlier runs are not shown. */
    @Column(name = "run_number", nullable = false)
    int run;

    @Column(name = "started_by", nullable = false, length = 100)
    String startedBy;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    /** Who stopped it; null while it runs or when it stopped with its proposal. */
    @Column(name = "stopped_by", length = 100)
    String stoppedBy;

    @Column(name = "stopped_at")
    Instant stoppedAt;

    @Column(name = "stop_reason", length = 200)
    String stopReason;
}
