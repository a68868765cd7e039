package com.riskpolicy.decisionlog;

import java.time.Instant;

/**
 * Where the decision log's table differs between databases, and so the one place with SQL of one
 * database only: making room for the coming days' entries and letting go of those past retention.
 * H2 deletes old entries row by row ({@link RowRetention}); PostgreSQL keeps a partition a day and
 * drops whole days ({@link PartitionRetention}), which deletes nothing row by row and leaves no dead
 * rows for vacuum to clean up.
 */
interface LogRetention {

    /** Makes the table ready for the entries of the day of {@code now} and of the next few days. */
    void prepare(Instant now);

    /** Deletes entries decided before {@code cutoff} (all of them, or whole days: see the implementation); returns how many. */
    long purge(Instant cutoff);
}
