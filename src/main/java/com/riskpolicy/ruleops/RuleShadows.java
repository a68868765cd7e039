package com.riskpolicy.ruleops;

import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.cluster.Daemons;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.ruleops.ImpactReport.Change;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A proposal's shadow: while it runs, every live decision (checks, ledger actions and stateless
 * decisions alike) is decided again on the proposal's candidate, in the background, and the two are
 * compared ({@link ShadowTally}). It never changes an answer and never delays one: a decision is
 * handed to a bounded queue, and one the queue has no room for is counted as skipped.
 *
 * <p>That a shadow runs is stored in the database (table {@code rule_proposal_shadow}), so every
 * node of a cluster shadows it: each compiles the candidate once and writes its tally about every
 * {@code policy.rules.shadow-flush} (table {@code rule_proposal_shadow_tally}); the views add the
 * nodes' tallies. A shadow stops when a risk officer stops it or when its proposal is no longer open
 * (approved, rejected, withdrawn, superseded); its last tallies stay readable.
 *
 * <p>With no shadow running a decision costs one volatile read here; with one, the checks' CPU per
 * check grows by about a sixth (BENCHMARKS.md, A proposal's shadow).
 */
@ApplicationScoped
public class RuleShadows implements DecisionObserver {

    private static final Logger LOG = Logger.getLogger(RuleShadows.class);
    private static final Running[] NONE = {};

    @Inject
    EntityManager entityManager;
    @Inject
    RuleProposals proposals;
    @Inject
    RuleRevisions revisions;
    @Inject
    RuleEngine engine;
    @Inject
    Cluster cluster;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "policy.rules.shadow-queue-capacity", defaultValue = "10000")
    int queueCapacity;
    @ConfigProperty(name = "policy.rules.shadow-flush", defaultValue = "PT1S")
    Duration flushEvery;

    /** The shadows live decisions are handed to; replaced, never changed, under {@code this}. */
    private volatile Running[] running = NONE;
    /** Shadows compiled on this node and not yet retired, stopped ones too until the worker retires them. */
    private final List<Running> installed = new ArrayList<>();
    private final ScheduledExecutorService worker = Daemons.scheduler("rule-shadow");
    private BlockingQueue<Sample> queue;
    /** The worker's alone: the shadows running when the decision it compared last was made. */
    private Running[] lastCompared = NONE;
    private final Map<Change, Counter> compared = new EnumMap<>(Change.class);
    private Counter skipped;

    /** RUNNING, or STOPPED by a risk officer or with its proposal. */
    public enum ShadowState {
        RUNNING, STOPPED
    }

    /**
     * A shadow's tallies added over the nodes that wrote one, as they last did (about every
     * {@code policy.rules.shadow-flush}).
     *
     * @param run        how many times the shadow was started; the counts are those of the current run
     * @param stopReason why it stopped: stopped by a risk officer, or the proposal's new status
     * @param nodes      the nodes whose tallies are added
     */
    public record ShadowReport(long proposalId, ShadowState state, int run, String startedBy, Instant startedAt,
                               String stoppedBy, Instant stoppedAt, String stopReason, String activeRevision,
                               String candidateRevision, List<String> nodes, long shadowed, long agreed,
                               long disagreed, long failed, long skipped, Map<Action, ShadowTally.ActionCounts> byAction,
                               List<ShadowTally.Disagreement> disagreements) {

        public ShadowSummary summary() {
            return new ShadowSummary(state, run, startedBy, startedAt, stoppedAt, shadowed, agreed, disagreed, failed, skipped);
        }
    }

    /** The proposal view's part of a report: where the shadow stands and its totals. */
    public record ShadowSummary(ShadowState state, int run, String startedBy, Instant startedAt, Instant stoppedAt,
                                long shadowed, long agreed, long disagreed, long failed, long skipped) {
    }

    /** A shadow's report, and whether this request started it. */
    public record Started(ShadowReport report, boolean started) {
    }

    /** A shadow this node runs: the compiled candidate and what it saw. */
    private static final class Running {
        final long proposalId;
        final int run;
        final String baseRevision;
        final RuleSet candidate;
        /** The worker's alone. */
        final ShadowTally tally = new ShadowTally();
        final LongAdder skipped = new LongAdder();
        volatile boolean stopped;
        /** The worker's alone: whether the tally changed since it was written. */
        boolean changed = true;
        /** The worker's alone: its candidate is retired, decisions still queued for it are not compared. */
        boolean retired;
        long skippedWritten = -1;

        Running(long proposalId, int run, String baseRevision, RuleSet candidate) {
            this.proposalId = proposalId;
            this.run = run;
            this.baseRevision = baseRevision;
            this.candidate = candidate;
        }
    }

    /** A live decision, with the shadows running when it was made. */
    private record Sample(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision,
                          Running[] shadows) {
    }

    void startWorker(@Observes StartupEvent event) {
        queue = new ArrayBlockingQueue<>(queueCapacity);
        for (Change change : Change.values()) {
            compared.put(change, Counter.builder("policy.rules.shadow.decisions")
                    .description("Live decisions decided again on a proposal's candidate, by how the candidate's differed")
                    .tag("change", change.name()).register(registry));
        }
        skipped = Counter.builder("policy.rules.shadow.skipped")
                .description("Live decisions not shadowed because the shadow's queue was full").register(registry);
        worker.execute(this::work);
    }

    /** Before the database closes: the worker's next look would fail. */
    void stopWorker(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    @Override
    public void decided(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision, long nanos) {
        Running[] shadows = running;
        if (shadows.length == 0) {
            return;
        }
        if (!queue.offer(new Sample(source, before, request, decision, shadows))) {
            for (Running shadow : shadows) {
                shadow.skipped.increment();
            }
            skipped.increment();
        }
    }

    /**
     * Starts shadowing an open proposal on every node, or finds it running.
     *
     * @throws ProposalRefusedException 409 when the proposal is not open
     */
    public Optional<Started> start(long id, String by) {
        Optional<RuleProposals.Proposal> found = proposals.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RuleProposals.Proposal proposal = found.get();
        if (proposal.status() != ProposalStatus.OPEN) {
            throw new ProposalRefusedException(409, null, "Proposal " + id + " is " + proposal.status()
                    + " and cannot be shadowed: only an open proposal is.");
        }
        if (runs(id)) {
            return Optional.of(new Started(report(proposal).orElseThrow(), false));
        }
        RuleSet candidate = compile(id, proposal.contents());
        Integer run = QuarkusTransaction.requiringNew().call(() -> {
            RuleShadowEntity row = entityManager.find(RuleShadowEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row != null && row.stoppedAt == null) {
                return null;
            }
            boolean first = row == null;
            if (first) {
                row = new RuleShadowEntity();
                row.proposalId = id;
            }
            row.run++;
            row.startedBy = by;
            row.startedAt = Instant.now();
            row.stoppedBy = null;
            row.stoppedAt = null;
            row.stopReason = null;
            if (first) {
                entityManager.persist(row);
            }
            return row.run;
        });
        if (run == null) {
            candidate.retire();
        } else {
            install(new Running(id, run, proposal.baseRevision(), candidate));
            LOG.infof("Rule proposal %d shadowed by %s (run %d)", id, by, run);
        }
        return Optional.of(new Started(report(proposal).orElseThrow(), run != null));
    }

    private boolean runs(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RuleShadowEntity row = entityManager.find(RuleShadowEntity.class, id);
            return row != null && row.stoppedAt == null;
        });
    }

    /** Stops a proposal's shadow on every node; its tallies stay readable. Empty for a proposal never shadowed. */
    public Optional<ShadowReport> stop(long id, String by) {
        Optional<RuleProposals.Proposal> proposal = proposals.find(id);
        if (proposal.isEmpty()) {
            return Optional.empty();
        }
        boolean known = QuarkusTransaction.requiringNew().call(() -> {
            RuleShadowEntity row = entityManager.find(RuleShadowEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row != null && row.stoppedAt == null) {
                row.stoppedBy = by;
                row.stoppedAt = Instant.now();
                row.stopReason = "stopped by " + by;
            }
            return row != null;
        });
        if (!known) {
            return Optional.empty();
        }
        uninstall(id, Integer.MAX_VALUE);
        LOG.infof("The shadow of rule proposal %d stopped by %s", id, by);
        return report(proposal.get());
    }

    /**
     * Stops this node's shadow of a proposal just decided at once; the other nodes stop theirs when
     * they next look ({@code policy.rules.shadow-flush}) and record it stopped.
     */
    void proposalDecided(long id) {
        uninstall(id, Integer.MAX_VALUE);
    }

    /** The shadow of a proposal, if it was ever shadowed. */
    public Optional<ShadowReport> report(long id) {
        return proposals.find(id).flatMap(this::report);
    }

    /** The shadow of a proposal read just before, if it was ever shadowed. */
    public Optional<ShadowReport> report(RuleProposals.Proposal proposal) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RuleShadowEntity row = entityManager.find(RuleShadowEntity.class, proposal.id());
            if (row == null) {
                return Optional.empty();
            }
            List<ShadowTallyEntity> tallies = entityManager.createQuery("select t from ShadowTallyEntity t"
                            + " where t.key.proposalId = :id and t.run = :run order by t.key.nodeId", ShadowTallyEntity.class)
                    .setParameter("id", proposal.id()).setParameter("run", row.run).getResultList();
            ShadowTally.Counts sum = tallies.stream().map(t -> t.tally).reduce(ShadowTally.Counts.NONE, ShadowTally.Counts::plus);
            boolean runs = row.stoppedAt == null && proposal.status() == ProposalStatus.OPEN;
            Instant stoppedAt = row.stoppedAt != null || runs ? row.stoppedAt : proposal.decidedAt();
            String stopReason = row.stopReason != null || runs ? row.stopReason : proposalEnded(proposal.status());
            return Optional.of(new ShadowReport(proposal.id(), runs ? ShadowState.RUNNING : ShadowState.STOPPED, row.run,
                    row.startedBy, row.startedAt, row.stoppedBy, stoppedAt, stopReason, proposal.baseRevision(),
                    proposal.revision(), tallies.stream().map(t -> t.key.nodeId()).toList(), sum.shadowed(), sum.agreed(),
                    sum.disagreed(), sum.failed(), sum.skipped(), sum.byAction(), sum.disagreements()));
        });
    }

    private RuleSet compile(long id, Map<String, String> contents) {
        try {
            return engine.compile(RuleFiles.of(contents));
        } catch (RuleCompilationException e) {
            throw new ProposalRefusedException(409, null, "Proposal " + id + " does not compile here and cannot be"
                    + " shadowed: " + e.getMessage());
        }
    }

    private synchronized void install(Running shadow) {
        boolean present = installed.stream().anyMatch(s -> s.proposalId == shadow.proposalId && s.run >= shadow.run);
        if (present) {
            shadow.candidate.retire();
            return;
        }
        uninstall(shadow.proposalId, shadow.run - 1);
        installed.add(shadow);
        publish();
    }

    /** Stops this node's shadows of a proposal up to run {@code upTo}; the worker retires them. */
    private synchronized void uninstall(long id, int upTo) {
        installed.stream().filter(s -> s.proposalId == id && s.run <= upTo).forEach(s -> s.stopped = true);
        publish();
    }

    private synchronized void publish() {
        running = installed.stream().filter(s -> !s.stopped).toArray(Running[]::new);
    }

    private synchronized List<Running> installedNow() {
        return List.copyOf(installed);
    }

    private synchronized void retired(Running shadow) {
        installed.remove(shadow);
    }

    /** The worker: compares the queued decisions, and follows the database about every {@code flushEvery}. */
    private void work() {
        long next = System.nanoTime() + flushEvery.toNanos();
        try {
            while (true) {
                Sample sample = queue.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (sample != null) {
                    compare(sample);
                }
                if (System.nanoTime() - next >= 0) {
                    follow();
                    next = System.nanoTime() + flushEvery.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void compare(Sample sample) {
        lastCompared = sample.shadows();
        Decision active = sample.decision();
        String request = String.valueOf(sample.request());
        for (Running shadow : sample.shadows()) {
            // a decision of another rule set than the one the proposal changes (one activated since) says nothing of it
            if (shadow.retired || !shadow.baseRevision.equals(active.ruleSetRevision())) {
                continue;
            }
            Change change;
            try {
                Decision candidate = PolicyService.decideWith(shadow.candidate, sample.before(), sample.request()).decision();
                shadow.tally.add(sample.source(), sample.before().accountId(), request, active, candidate);
                change = ShadowTally.change(ShadowTally.Side.of(active), ShadowTally.Side.of(candidate));
            } catch (RuntimeException e) {
                shadow.tally.addFailure(sample.source(), sample.before().accountId(), request, active, e);
                change = Change.FAILED;
            }
            shadow.changed = true;
            compared.get(change).increment();
        }
    }

    /**
     * Starts the shadows the database says run and this node does not, stops those it no longer
     * lists, writes this node's tallies, and retires the stopped shadows' candidates once their last
     * tally is written.
     */
    private void follow() {
        try {
            // before the query: a shadow started after it is not in its rows and must not be stopped
            List<Running> mine = installedNow();
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                    "select s.proposalId, s.run, p.status, p.baseRevision, p.revision from RuleShadowEntity s, RuleProposalEntity p"
                            + " where p.id = s.proposalId and s.stoppedAt is null", Object[].class).getResultList());
            if (rows.isEmpty() && mine.isEmpty()) {
                return;
            }
            String head = revisions.head().map(RuleRevisions.Head::revision).orElse(engine.active().revision());
            for (Object[] row : rows) {
                long id = (Long) row[0];
                int run = (Integer) row[1];
                ProposalStatus status = (ProposalStatus) row[2];
                if (status == ProposalStatus.OPEN && head.equals(row[4])) {
                    // its own approval: activated and recorded a moment before the proposal is marked
                    // APPROVED, which the next look reads; not superseded
                    continue;
                }
                if (status != ProposalStatus.OPEN || !head.equals(row[3])) {
                    ended(id, run, proposalEnded(status == ProposalStatus.OPEN ? ProposalStatus.SUPERSEDED : status));
                } else if (mine.stream().noneMatch(s -> s.proposalId == id && s.run == run)) {
                    startHere(id, run, (String) row[3]);
                }
            }
            for (Running shadow : mine) {
                boolean listed = rows.stream().anyMatch(row -> (Long) row[0] == shadow.proposalId && (Integer) row[1] == shadow.run
                        && row[2] == ProposalStatus.OPEN && (head.equals(row[3]) || head.equals(row[4])));
                if (!listed) {
                    uninstall(shadow.proposalId, shadow.run);
                }
            }
            for (Running shadow : installedNow()) {
                // the decisions queued before it stopped are counted first: retired once the worker has
                // compared one made after the stop (FIFO), or none is left
                boolean drained = shadow.stopped && (queue.isEmpty() || !Arrays.asList(lastCompared).contains(shadow));
                write(shadow);
                if (drained) {
                    retired(shadow);
                    shadow.retired = true;
                    shadow.candidate.retire();
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Rule shadows could not follow the database: %s", e.getMessage());
        }
    }

    private void startHere(long id, int run, String baseRevision) {
        Map<String, String> contents = QuarkusTransaction.requiringNew().call(() ->
                Map.copyOf(entityManager.find(RuleProposalEntity.class, id).contents));
        try {
            install(new Running(id, run, baseRevision, engine.compile(RuleFiles.of(contents))));
            LOG.infof("Rule proposal %d shadowed on this node too (run %d)", id, run);
        } catch (RuleCompilationException e) {
            ended(id, run, "its candidate does not compile on node " + cluster.nodeId());
        }
    }

    /** Records that a shadow stopped without a risk officer stopping it. */
    private void ended(long id, int run, String reason) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createQuery("update RuleShadowEntity s"
                        + " set s.stoppedAt = :now, s.stopReason = :reason"
                        + " where s.proposalId = :id and s.run = :run and s.stoppedAt is null")
                .setParameter("now", Instant.now()).setParameter("reason", reason)
                .setParameter("id", id).setParameter("run", run).executeUpdate());
        LOG.infof("The shadow of rule proposal %d stopped: %s", id, reason);
    }

    /** Writes this node's tally of a shadow, unless it is unchanged or a later run's is written already. */
    private void write(Running shadow) {
        long skippedNow = shadow.skipped.sum();
        if (!shadow.changed && skippedNow == shadow.skippedWritten) {
            return;
        }
        ShadowTally.Counts counts = shadow.tally.counts(skippedNow);
        QuarkusTransaction.requiringNew().run(() -> {
            ShadowTallyEntity.Key key = new ShadowTallyEntity.Key(shadow.proposalId, cluster.nodeId());
            ShadowTallyEntity row = entityManager.find(ShadowTallyEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            if (row != null && row.run > shadow.run) {
                return;
            }
            boolean first = row == null;
            if (first) {
                row = new ShadowTallyEntity();
                row.key = key;
            }
            row.run = shadow.run;
            row.tally = counts;
            row.writtenAt = Instant.now();
            if (first) {
                entityManager.persist(row);
            }
        });
        shadow.changed = false;
        shadow.skippedWritten = skippedNow;
    }

    private static String proposalEnded(ProposalStatus status) {
        return "the proposal is " + status;
    }
}
