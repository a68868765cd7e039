package com.riskpolicy.ruleops;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One node's tally of a shadow's run, as it last wrote it. */
@Entity
@Table(name = "rule_proposal_shadow_tally")
class ShadowTallyEntity {

    @EmbeddedId
    Key key;

    @Column(name = "run_number", nullable = false)
    int run;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    ShadowTally.Counts tally;

    @Column(name = "written_at", nullable = false)
    Instant writtenAt;

    @Embeddable
    record Key(@Column(name = "proposal_id") Long proposalId, @Column(name = "node_id", length = 200) String nodeId)
            implements Serializable {
    }
}
