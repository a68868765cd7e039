package com.riskpolicy.decisionlog;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/** H2: one table, whose entries past retention are deleted row by row, a chunk per transaction. */
final class RowRetention implements LogRetention {

    private static final int PURGE_CHUNK = 10_000;

    private final EntityManager entityManager;

    RowRetention(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Nothing to prepare: every entry goes to the one table. */
    @Override
    public void prepare(Instant now) {
    }

    /** Deletes every entry decided before {@code cutoff}. */
    @Override
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
}
