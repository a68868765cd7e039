package com.riskpolicy.ruleops;

import com.riskpolicy.access.Caller;
import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.cluster.ClusterNodes;
import com.riskpolicy.cluster.Daemons;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What risk officers do with the rules folder: validate a candidate, reload (compile, self-test,
 * activate atomically, record), roll back to an earlier revision. The active rule set keeps serving
 * whenever a candidate is refused, at startup too ({@link RuleStartup}); decisions in flight finish
 * on the rule set they started with, and a replaced rule set is retired only after a grace period.
 */
@ApplicationScoped
public class RuleOperations {

    private static final Logger LOG = Logger.getLogger(RuleOperations.class);

    @Inject
    RuleEngine engine;
    @Inject
    RuleStartup startup;
    @Inject
    RuleRevisions revisions;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "policy.rules.retire-after", defaultValue = "PT30S")
    Duration retireAfter;

    @Inject
    Cluster cluster;
    @Inject
    ClusterNodes nodes;
    @ConfigProperty(name = "policy.cluster.rules-poll", defaultValue = "PT0.2S")
    Duration followEvery;

    private final ReentrantLock reloads = new ReentrantLock();
    private final ScheduledExecutorService follower = Daemons.scheduler("cluster-rules");
    /** The cluster activation this node last followed or refused: each is compiled once. */
    private volatile long followed = -1;
    /** A rule set compiled and self-tested ahead of its activation by another node. */
    private volatile RuleSet prepared;
    /** The announced rule set that did not pass here: not compiled again. */
    private volatile String unprepared;
    @ConfigProperty(name = "policy.cluster.prepare-timeout", defaultValue = "PT10S")
    Duration prepareTimeout;
    private final ScheduledExecutorService retirer = Daemons.scheduler("rule-set-retirer");
    /** Replaced whole, so that a reader never sees one reload's rule set with another's outcome. */
    private volatile Status status;

    /**
     * The rule set serving and the outcome of the last reload, as one value. An activation shows
     * here once it is recorded; decisions use it a moment before, from {@code engine.activate}.
     */
    public record Status(RuleSet active, ReloadOutcome lastReload) {
    }

    /**
     * The outcome of a reload (or of the startup activation).
     *
     * @param revision the candidate's revision (the active one's when nothing changed)
     * @param errors     why the candidate was refused; empty when it was activated or unchanged
     * @param proposalId the proposal the folder became where approvals are required (PROPOSED, or
     *                   REFUSED as an INVALID proposal); null otherwise
     */
    public record ReloadOutcome(Instant at, String by, ActivationSource source, Outcome outcome, String revision,
                                List<RuleError> errors, long millis, Long proposalId) {

        public ReloadOutcome(Instant at, String by, ActivationSource source, Outcome outcome, String revision,
                             List<RuleError> errors, long millis) {
            this(at, by, source, outcome, revision, errors, millis, null);
        }
    }

    public enum Outcome {
        ACTIVATED, UNCHANGED, REFUSED,
        /** Approvals are required: the changed folder became a proposal, and nothing was activated. */
        PROPOSED
    }

    /**
     * Records what the service started on. When that is the last good recorded rule set because the
     * folder was refused, the last reload is that refusal, with the folder's errors, until the
     * folder is fixed and activated.
     */
    void start(@Observes StartupEvent event) {
        RuleStartup.Choice choice = startup.choice();
        RuleSet active = choice.active();
        if (!choice.fromCluster()) {
            revisions.record(choice.servesFolder() ? ActivationSource.STARTUP : ActivationSource.LAST_GOOD, Caller.SYSTEM,
                    revisions.latest().map(RuleFiles::contents).orElse(null), active);
        }
        reloads.lock();
        try {
            finished(new ReloadOutcome(active.loadedAt(), Caller.SYSTEM,
                    choice.fromCluster() ? ActivationSource.CLUSTER : ActivationSource.STARTUP,
                    choice.folderErrors().isEmpty() ? Outcome.ACTIVATED : Outcome.REFUSED,
                    choice.fromCluster() ? active.revision() : choice.folderRevision(), choice.folderErrors(), 0));
        } finally {
            reloads.unlock();
        }
        Gauge.builder("policy.rules.activations", revisions, RuleRevisions::count).register(registry);
        nodes.report(() -> engine.active().revision(), () -> {
            RuleSet ahead = prepared;
            return ahead == null ? null : ahead.revision();
        });
        if (cluster.shared()) {
            follower.scheduleWithFixedDelay(this::followQuietly, followEvery.toMillis(), followEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        retirer.shutdownNow();
        follower.shutdownNow();
    }

    /** The cluster's active revision: the newest activation recorded by any node. */
    public Optional<String> clusterRevision() {
        return revisions.head().map(RuleRevisions.Head::revision);
    }

    /**
     * Serves the cluster's active rule set when another node has activated one: compiled from the
     * files recorded with it and self-tested here too. One that does not pass here is refused once
     * (logged, and shown as the last reload) and this node keeps serving what it serves.
     */
    public void followCluster() {
        prepareCandidate();
        if (toFollow().isEmpty()) {
            return;
        }
        reloads.lock();
        long started = System.nanoTime();
        try {
            // Again under the lock: a reload on this node may have activated and recorded meanwhile
            Optional<RuleRevisions.Head> now = toFollow();
            if (now.isEmpty()) {
                return;
            }
            RuleRevisions.Head newest = now.get();
            Optional<RuleFiles> files = revisions.files(newest.sequence());
            if (files.isEmpty()) {
                return;
            }
            RuleSet ready = prepared;
            SelfTest.Result checked = ready != null && ready.revision().equals(files.get().revision())
                    ? new SelfTest.Result(ready, true, List.of(), null)
                    : SelfTest.compileAndCheck(() -> engine.compile(files.get()));
            followed = newest.sequence();
            if (checked.passed() == null) {
                refused(ActivationSource.CLUSTER, Caller.SYSTEM, newest.revision(), checked.errors(), started);
                return;
            }
            RuleSet previous = engine.activate(checked.passed());
            if (previous != null) {
                retirer.schedule(previous::retire, retireAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            ReloadOutcome outcome = finished(new ReloadOutcome(Instant.now(), Caller.SYSTEM, ActivationSource.CLUSTER,
                    Outcome.ACTIVATED, newest.revision(), List.of(), millis(started)));
            LOG.infof("Rule set %s activated from the cluster in %d ms, replacing %s", newest.revision(),
                    outcome.millis(), previous == null ? "nothing" : previous.revision());
        } finally {
            reloads.unlock();
        }
        nodes.reportNow();
    }

    /** The cluster's activation when it is one this node neither serves nor has followed or refused. */
    private Optional<RuleRevisions.Head> toFollow() {
        return revisions.head().filter(head -> !head.revision().equals(engine.active().revision())
                && head.sequence() != followed);
    }

    /**
     * Compiles and self-tests, ahead of its activation, the rule set another node is about to
     * activate (without activating it), and reports it prepared: when the activation comes, this
     * node switches at once. One that does not pass here is left for the activation to refuse. One
     * thread at a time (the follower, or a caller of {@link #followCluster}), so it is compiled once.
     */
    synchronized void prepareCandidate() {
        Optional<String> revision = revisions.candidateRevision();
        RuleSet ready = prepared;
        if (revision.isEmpty() || revision.get().equals(engine.active().revision())
                || (ready != null && ready.revision().equals(revision.get())) || revision.get().equals(unprepared)) {
            return;
        }
        Optional<RuleFiles> files = revisions.candidateFiles();
        if (files.isEmpty() || !files.get().revision().equals(revision.get())) {
            return; // replaced meanwhile: the next look prepares the newer one
        }
        long started = System.nanoTime();
        SelfTest.Result checked = SelfTest.compileAndCheck(() -> engine.compile(files.get()));
        if (checked.passed() == null) {
            unprepared = revision.get();
            LOG.warnf("Rule set %s, about to be activated by another node, does not pass here (%d errors)",
                    revision.get(), checked.errors().size());
            return;
        }
        prepared = checked.passed();
        LOG.infof("Rule set %s prepared ahead of its activation in %d ms", revision.get(), millis(started));
        reportQuietly();
    }

    /**
     * Before this node activates {@code candidate} for the cluster, every other live node compiles it
     * ahead: it is written as the cluster's candidate, and this waits until each live node reports
     * it prepared, at most {@code policy.cluster.prepare-timeout}. The activation then reaches every
     * node at its next look, instead of after a compile of its own.
     */
    private void prepareEverywhere(RuleSet candidate) {
        prepared = candidate;
        revisions.propose(candidate, cluster.nodeId());
        reportQuietly();
        long deadline = System.nanoTime() + prepareTimeout.toNanos();
        List<String> waiting = unprepared(candidate.revision());
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waiting = unprepared(candidate.revision());
        }
        if (!waiting.isEmpty()) {
            LOG.warnf("Rule set %s: nodes %s did not prepare it within %s; activating it anyway (they compile it when"
                    + " they see the activation)", candidate.revision(), waiting, prepareTimeout);
        }
    }

    /** The other live nodes that have not yet prepared (or served) {@code revision}. */
    private List<String> unprepared(String revision) {
        return nodes.nodes().stream()
                .filter(node -> node.live() && !node.nodeId().equals(cluster.nodeId()))
                .filter(node -> !revision.equals(node.preparedRevision()) && !revision.equals(node.revision()))
                .map(ClusterNodes.Node::nodeId)
                .toList();
    }

    /** The rule set this node has compiled ahead of an activation another node announced, if any. */
    public Optional<RuleSet> prepared() {
        return Optional.ofNullable(prepared);
    }

    private void followQuietly() {
        try {
            followCluster();
        } catch (RuntimeException e) {
            LOG.warnf("Could not follow the cluster's rule set: %s", e.getMessage());
        }
    }

    public Status status() {
        Status current = status;
        return current != null ? current : new Status(engine.active(), null);
    }

    /**
     * What checking a candidate found: the errors (none when it is valid) and its policy examples'
     * report (null when it does not compile).
     */
    public record Validation(List<RuleError> errors, PolicyExamples.Report examples) {
    }

    /** Compiles, self-tests and runs the policy examples of {@code files} without activating anything. */
    public Validation validate(RuleFiles files) {
        SelfTest.Result result = SelfTest.compileAndRelease(() -> engine.compile(files));
        return new Validation(result.errors(), result.examples());
    }

    /** The policy examples of the active rule set, run on it now: what they cover. */
    public PolicyExamples.Report examples() {
        return PolicyExamples.run(engine.active());
    }

    /**
     * Compiles the rules folder, self-tests it and activates it; records the activation.
     *
     * @throws RuleReloadException when the candidate is refused; the active rule set stays
     */
    public ReloadOutcome reload(ActivationSource source, String by) {
        return reload(source, by, null);
    }

    private ReloadOutcome reload(ActivationSource source, String by, RuleRevisions.Approved approved) {
        reloads.lock();
        long started = System.nanoTime();
        try {
            FolderChange folder = readFolder(source, by, started);
            if (folder.unchanged() != null) {
                return folder.unchanged();
            }
            RuleFiles files = folder.files();
            String revision = files.revision();
            SelfTest.Result checked = SelfTest.compileAndCheck(() -> engine.compile(files));
            if (checked.passed() == null) {
                throw refused(source, by, revision, checked.errors(), started);
            }
            RuleSet candidate = checked.passed();
            if (cluster.shared()) {
                prepareEverywhere(candidate);
            }
            RuleSet previous = engine.activate(candidate);
            // In a cluster another node may have activated the same files a moment ago (a shared folder
            // seen by every node's watcher): recorded once
            if (!cluster.shared() || !revisions.head().map(h -> h.revision().equals(revision)).orElse(false)) {
                revisions.record(source, by, previous == null ? null : previous.ruleFiles().contents(), candidate, approved);
            }
            reportQuietly();
            if (previous != null) {
                retirer.schedule(previous::retire, retireAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            ReloadOutcome outcome = finished(new ReloadOutcome(Instant.now(), by, source, Outcome.ACTIVATED, revision,
                    List.of(), millis(started)));
            LOG.infof("Rule set %s activated by %s (%s) in %d ms, replacing %s", revision, by, source, outcome.millis(),
                    previous == null ? "nothing" : previous.revision());
            return outcome;
        } finally {
            reloads.unlock();
        }
    }

    /**
     * Writes an earlier revision's files back into the rules folder and activates them. On any
     * error the folder is restored and the active rule set stays.
     *
     * @return empty when no such revision was ever activated
     */
    public Optional<ReloadOutcome> rollback(String revision, String by) {
        reloads.lock();
        try {
            // A revision once approved through a proposal is recorded with that approval
            return revisions.contents(revision).map(contents -> activate(contents, ActivationSource.ROLLBACK, by,
                    revisions.approval(revision).orElse(null)));
        } finally {
            reloads.unlock();
        }
    }

    /**
     * Writes an approved proposal's files into the rules folder and activates them for the cluster,
     * recording the proposal beside the activation. On any error the folder is restored and the
     * active rule set stays.
     */
    ReloadOutcome activateProposal(Map<String, String> contents, String by, RuleRevisions.Approved approved) {
        return activate(contents, ActivationSource.PROPOSAL, by, approved);
    }

    private ReloadOutcome activate(Map<String, String> contents, ActivationSource source, String by,
                                   RuleRevisions.Approved approved) {
        reloads.lock();
        try {
            RuleFiles current = RuleFiles.read(engine.folder());
            writeFolder(contents);
            try {
                return reload(source, by, approved);
            } catch (RuntimeException e) {
                writeFolder(current.contents());
                throw e;
            }
        } finally {
            reloads.unlock();
        }
    }

    /**
     * The files in the rules folder now, when they differ from the rule set serving: what a reload
     * would activate, and where approvals are required proposes instead. When they do not, the
     * reload is recorded as UNCHANGED, as {@link #reload} records it.
     *
     * @throws RuleReloadException when the folder cannot be read (recorded as the last reload)
     */
    FolderChange folderChange(ActivationSource source, String by) {
        reloads.lock();
        try {
            return readFolder(source, by, System.nanoTime());
        } finally {
            reloads.unlock();
        }
    }

    /** {@link #folderChange}, with {@link #reloads} held: for a reload too. */
    private FolderChange readFolder(ActivationSource source, String by, long started) {
        String active = engine.active().revision();
        RuleFiles files;
        try {
            files = RuleFiles.read(engine.folder());
        } catch (UncheckedIOException e) {
            throw refused(source, by, active, List.of(new RuleError("(rules folder)", 1, 1, e.getCause().getMessage())), started);
        }
        if (files.revision().equals(active)) {
            return new FolderChange(files, finished(new ReloadOutcome(Instant.now(), by, source, Outcome.UNCHANGED, active,
                    List.of(), millis(started))));
        }
        return new FolderChange(files, null);
    }

    /**
     * The rules folder's files.
     *
     * @param unchanged the recorded outcome when they are the rule set serving; null when they differ
     */
    record FolderChange(RuleFiles files, ReloadOutcome unchanged) {
    }

    /**
     * Records that a reload, the watcher or a rollback opened (or found open) a proposal instead of
     * activating, where approvals are required: the last reload says PROPOSED, or REFUSED with the
     * errors of a proposal that does not pass (thrown, as any refusal).
     *
     * @param started {@link System#nanoTime()} when the reload or rollback began
     * @throws RuleReloadException when the proposal is invalid: its errors, naming the proposal
     */
    ReloadOutcome proposed(ActivationSource source, String by, RuleProposals.Proposal proposal, long started) {
        reloads.lock();
        try {
            if (!proposal.errors().isEmpty()) {
                throw refused(source, by, proposal.revision(), proposal.errors(), started, proposal.id());
            }
            ReloadOutcome outcome = finished(new ReloadOutcome(Instant.now(), by, source, Outcome.PROPOSED,
                    proposal.revision(), List.of(), millis(started), proposal.id()));
            LOG.infof("Rule set %s (%s by %s) not activated: approvals are required. Rule proposal %d by %s is open with"
                    + " %d of the %d approvals it needs; %s keeps serving", proposal.revision(), source, by, proposal.id(),
                    proposal.proposedBy(), proposal.approvals().size(), proposal.approvalsRequired(),
                    engine.active().revision());
            return outcome;
        } finally {
            reloads.unlock();
        }
    }

    /** Every activation, newest first. */
    public List<RuleRevisions.Revision> revisions(int limit) {
        return revisions.list(limit);
    }

    /** The latest activation of {@code revision}, with its files. */
    public Optional<RuleRevisions.Revision> revision(String revision) {
        return revisions.find(revision);
    }

    /** The revision of the files in the rules folder now; empty when the folder cannot be read. */
    public Optional<String> folderRevision() {
        try {
            return Optional.of(RuleFiles.read(engine.folder()).revision());
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Called with {@link #reloads} held: no other reload changes the active rule set meanwhile. */
    private ReloadOutcome finished(ReloadOutcome outcome) {
        status = new Status(engine.active(), outcome);
        registry.counter("policy.rules.reloads", "outcome", outcome.outcome().name(), "source", outcome.source().name()).increment();
        registry.timer("policy.rules.reload.duration", "outcome", outcome.outcome().name())
                .record(Duration.ofMillis(outcome.millis()));
        return outcome;
    }

    private RuleReloadException refused(ActivationSource source, String by, String revision, List<RuleError> errors,
                                        long started) {
        return refused(source, by, revision, errors, started, null);
    }

    /** As above; {@code proposalId} names the INVALID proposal the refused folder was stored as (null: none). */
    private RuleReloadException refused(ActivationSource source, String by, String revision, List<RuleError> errors,
                                        long started, Long proposalId) {
        finished(new ReloadOutcome(Instant.now(), by, source, Outcome.REFUSED, revision, errors, millis(started), proposalId));
        StringBuilder message = new StringBuilder("Rule set " + revision + " refused (" + source + " by " + by
                + (proposalId == null ? "" : ", stored as invalid rule proposal " + proposalId) + "); "
                + engine.active().revision() + " keeps serving:");
        errors.forEach(error -> message.append(System.lineSeparator()).append(error));
        LOG.error(message);
        return new RuleReloadException("the rule set in " + engine.folder() + " was refused: " + errors.size()
                + " error(s); the active rule set keeps serving", errors, proposalId);
    }

    private void reportQuietly() {
        try {
            nodes.reportNow();
        } catch (RuntimeException e) {
            LOG.warnf("Could not report the new revision to the cluster: %s", e.getMessage());
        }
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Makes the folder's rule files exactly {@code contents}; other files are left alone. */
    private void writeFolder(Map<String, String> contents) {
        Path folder = engine.folder();
        try {
            for (String name : RuleFiles.read(folder).contents().keySet()) {
                if (!contents.containsKey(name)) {
                    Files.delete(folder.resolve(name));
                }
            }
            for (var file : contents.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling("." + target.getFileName() + ".rollback");
                Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rules folder " + folder, e);
        }
    }

    /** For a name from a request: only plain rule file names, or {@code examples/} and a plain name; no other paths. */
    public static boolean isPlainRuleFileName(String name) {
        if (name == null || !RuleFiles.isRuleFile(name) || name.contains("\\") || name.length() > 200) {
            return false;
        }
        String plain = RuleFiles.isExample(name) ? name.substring(RuleFiles.EXAMPLES.length()) : name;
        return !plain.startsWith(".") && !plain.contains("/");
    }

    /** The active rule set's files with {@code overrides} in place (a null content removes a file), or {@code overrides} alone. */
    public RuleFiles candidate(Map<String, String> overrides, boolean replace) {
        return candidate(engine.active(), overrides, replace);
    }

    /** {@code base}'s files with {@code overrides} in place (a null content removes a file), or {@code overrides} alone. */
    public RuleFiles candidate(RuleSet base, Map<String, String> overrides, boolean replace) {
        Map<String, String> files = new LinkedHashMap<>(replace ? Map.of() : base.ruleFiles().contents());
        overrides.forEach((name, content) -> {
            if (content == null) {
                files.remove(name);
            } else {
                files.put(name, content);
            }
        });
        return RuleFiles.of(files);
    }
}
