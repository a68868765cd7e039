package com.riskpolicy.decisionlog;

import com.riskpolicy.access.Caller;
import com.riskpolicy.cluster.Daemons;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The decision log: every check, stateless decision and ledger action, with its input facts, the
 * decision, the rule set revision, the latency and the caller. The deciding thread turns what it
 * decided into a row with compressed JSON ({@link LogRow}).
 *
 * <p>A ledger action's row is inserted in the action's own transaction: it commits with the action
 * or not at all, so every answered action is in the log and no refused commit leaves an entry
 * behind. Checks and stateless decisions change nothing; their rows are queued and one writer thread
 * writes them in batches ({@link DecisionLogWriter}), behind the answer. A crash loses the rows not
 * yet written, never more than the queue's capacity plus one batch ({@code
 * policy_decision_log_unwritten} says how many now). On an orderly shutdown everything queued is
 * written before the datasource closes. Entries older than the retention are purged in the background
 * (on PostgreSQL a day at a time, as the table is partitioned by day: {@link LogRetention}).
 *
 * <p>Prometheus: {@code policy_decision_log_queue_depth}, {@code policy_decision_log_unwritten},
 * {@code policy_decision_log_written_total} (by the writer), {@code policy_decision_log_write_seconds}
 * (per batch), {@code policy_decision_log_waits_total} (a deciding thread found the queue full),
 * {@code policy_decision_log_refused_total}, {@code policy_decision_log_not_stored_total},
 * {@code policy_decision_log_purged_total}.
 */
@ApplicationScoped
public class DecisionLog implements DecisionObserver {

    private static final Logger LOG = Logger.getLogger(DecisionLog.class);

    @Inject
    DecisionLogStore store;
    @Inject
    MeterRegistry registry;
    @Inject
    Instance<SecurityIdentity> identities;

    @ConfigProperty(name = "policy.decision-log.queue-capacity", defaultValue = "10000")
    int queueCapacity;
    @ConfigProperty(name = "policy.decision-log.batch-size", defaultValue = "500")
    int batchSize;
    @ConfigProperty(name = "policy.decision-log.batch-delay", defaultValue = "PT0.05S")
    Duration batchDelay;
    @ConfigProperty(name = "policy.decision-log.max-wait", defaultValue = "PT5S")
    Duration maxWait;
    @ConfigProperty(name = "policy.decision-log.retention", defaultValue = "P30D")
    Duration retention;
    @ConfigProperty(name = "policy.decision-log.purge-interval", defaultValue = "PT1H")
    Duration purgeInterval;
    @ConfigProperty(name = "policy.decision-log.compression-level", defaultValue = "0")
    int compressionLevel;
    @ConfigProperty(name = "policy.decision-log.shutdown-timeout", defaultValue = "PT30S")
    Duration shutdownTimeout;

    private DecisionLogWriter<LogRow> writer;
    /** One compressor per deciding thread: it keeps native buffers, so it is reused, never shared. */
    private ThreadLocal<Deflated> deflaters;
    private ScheduledExecutorService retentionThread;
    private Counter purged;
    private boolean identityResolvable;
    private boolean closed;

    @PostConstruct
    void start() {
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalStateException("policy.decision-log.retention and policy.decision-log.purge-interval"
                    + " must be positive: " + retention + ", " + purgeInterval);
        }
        new Deflated(compressionLevel); // refuses a level outside 0-9 at startup, not at the first decision
        deflaters = ThreadLocal.withInitial(() -> new Deflated(compressionLevel));
        identityResolvable = identities.isResolvable();
        Counter written = Counter.builder("policy.decision.log.written")
                .description("Checks and stateless decisions written to the decision log by its writer").register(registry);
        Timer writes = Timer.builder("policy.decision.log.write")
                .description("Writing one batch of the decision log, in one transaction")
                .publishPercentileHistogram().register(registry);
        writer = new DecisionLogWriter<>(queueCapacity, batchSize, batchDelay, maxWait, batch -> {
            writes.record(() -> store.write(batch));
            written.increment(batch.size());
        }, LogRow::inFull);
        Gauge.builder("policy.decision.log.queue.depth", writer, DecisionLogWriter::depth)
                .description("Decisions waiting to be written to the decision log").register(registry);
        Gauge.builder("policy.decision.log.unwritten", writer, DecisionLogWriter::unwritten)
                .description("Checks and stateless decisions answered but not yet stored: what a crash would lose now")
                .register(registry);
        FunctionCounter.builder("policy.decision.log.waits", writer, DecisionLogWriter::waited)
                .description("Times a deciding thread found the decision log's queue full and waited").register(registry);
        FunctionCounter.builder("policy.decision.log.refused", writer, DecisionLogWriter::refused)
                .description("Decisions refused because the decision log could not take them").register(registry);
        FunctionCounter.builder("policy.decision.log.not.stored", writer, DecisionLogWriter::notStored)
                .description("Entries the database refused, written to the service log instead").register(registry);
        purged = Counter.builder("policy.decision.log.purged")
                .description("Decision log entries deleted past retention").register(registry);
        writer.start();

        retentionThread = Daemons.scheduler("decision-log-retention");
        long intervalMillis = purgeInterval.toMillis();
        retentionThread.scheduleWithFixedDelay(this::purgeQuietly, Math.min(intervalMillis, 60_000), intervalMillis,
                TimeUnit.MILLISECONDS);
        LOG.infof("Decision log: queue of %d, batches of up to %d filled for up to %s, retention %s (purged every %s)",
                queueCapacity, batchSize, batchDelay, retention, purgeInterval);
    }

    /**
     * Starts the writer and the retention purge with the service rather than on the first decision,
     * and makes the table ready for today's entries before the first one (PostgreSQL: its partitions).
     */
    void onStart(@Observes StartupEvent event) {
        LOG.debugf("decision log queue depth at startup: %d", writer.depth());
        try {
            store.prepare(Instant.now());
        } catch (RuntimeException e) {
            // entries still go in: a day without a partition goes to the default one
            LOG.errorf(e, "Decision log: could not prepare the table for the coming days; trying again in %s",
                    purgeInterval);
        }
    }

    /** ShutdownEvent comes before the datasource closes: write everything still queued. */
    void onShutdown(@Observes ShutdownEvent event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        retentionThread.shutdownNow();
        int queued = writer.depth();
        if (writer.close(shutdownTimeout)) {
            LOG.infof("Decision log closed: the %d queued entries are written", queued);
        } else {
            LOG.errorf("Decision log closed with entries not stored (%d queued at shutdown); the service log has them",
                    queued);
        }
    }

    @Override
    public void decided(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision,
                        long nanos) {
        LogRow row = row(new LoggedDecision(source, before, request, decision, nanos, caller()));
        if (source == DecisionSource.LEDGER) {
            store.insert(row);
        } else {
            writer.accept(row);
        }
    }

    /** The row of a decision as this log stores it, made on the calling thread. */
    public LogRow row(LoggedDecision logged) {
        return LogRow.of(logged, deflaters.get());
    }

    /**
     * The authenticated user of the current request; {@code anonymous} without one (always, while
     * no security extension provides identities), {@code system} outside a request.
     */
    String caller() {
        if (!Arc.container().requestContext().isActive()) {
            return Caller.SYSTEM;
        }
        if (!identityResolvable) {
            return Caller.ANONYMOUS;
        }
        SecurityIdentity identity = identities.get();
        return identity.isAnonymous() ? Caller.ANONYMOUS : identity.getPrincipal().getName();
    }

    /** Waits until every decision made before this call is in the database. */
    public boolean flush(Duration timeout) {
        try {
            return writer.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public DecisionLogPage page(DecisionLogQuery query) {
        return store.page(query);
    }

    public Optional<LogEntry> find(String decisionId) {
        return store.find(decisionId);
    }

    /** Up to {@code limit} entries with their input facts, newest first, after {@code before} when given. */
    public List<LogEntry> withInput(LogPosition before, int limit) {
        return store.withInput(before, limit);
    }

    /**
     * Makes the table ready for the coming days' entries (PostgreSQL: creates their partitions) and
     * deletes the entries older than the retention (PostgreSQL: drops the days wholly past it); returns
     * how many entries went.
     */
    public long purge() {
        Instant now = Instant.now();
        store.prepare(now);
        long deleted = store.purge(now.minus(retention));
        purged.increment(deleted);
        if (deleted > 0) {
            LOG.infof("Decision log: purged %d entries older than %s", deleted, retention);
        }
        return deleted;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Decision log: purging entries older than %s failed; trying again in %s", retention,
                    purgeInterval);
        }
    }
}
