package com.riskpolicy.ruleops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.access.Caller;
import com.riskpolicy.cluster.Daemons;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import jakarta.annotation.PreDestroy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Governed rule changes: a risk officer proposes files, other risk officers approve, and the
 * proposal is activated for the cluster once {@code policy.rules.approvals-required} of them have
 * (0: at once, by its proposer alone). Proposals are kept in the database (table
 * {@code rule_proposal}), so any node shows, approves or activates them; an approval locks the
 * proposal's row, so two officers approving at once on two nodes are counted one after the other.
 */
@ApplicationScoped
public class RuleProposals {

    private static final Logger LOG = Logger.getLogger(RuleProposals.class);

    /** The four-eyes rule, named in the refusal a proposer gets when approving their own proposal. */
    public static final String FOUR_EYES = "A proposer does not approve their own proposal";
    /** Named in the refusal anyone else gets when withdrawing a proposal. */
    public static final String PROPOSER_WITHDRAWS = "Only its proposer withdraws a proposal";

    @Inject
    EntityManager entityManager;
    @Inject
    RuleOperations operations;
    @Inject
    RuleRevisions revisions;
    @Inject
    RuleEngine engine;
    @Inject
    RuleImpact impact;
    @Inject
    RuleShadows shadows;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "policy.rules.approvals-required", defaultValue = "1")
    int approvalsRequired;
    @ConfigProperty(name = "policy.rules.proposal-impact-decisions", defaultValue = "1000")
    int impactDecisions;
    /**
     * How long a proposal's impact may stay PENDING before the node that reads it computes it itself:
     * the node that stored the proposal, which computes it, may have stopped.
     */
    @ConfigProperty(name = "policy.rules.proposal-impact-takeover", defaultValue = "PT2M")
    Duration impactTakeover;

    private final ScheduledExecutorService impactWorker = Daemons.scheduler("proposal-impact");
    /** Proposals whose impact this node is computing now. */
    private final Set<Long> computing = ConcurrentHashMap.newKeySet();

    /** Where a proposal's impact report stands. */
    public enum ImpactStatus {
        /** Being computed in the background by the node that stored the proposal. */
        PENDING,
        /** Computed: {@code report} holds it. */
        READY,
        /** Could not be computed: {@code error} says why. */
        FAILED,
        /** Not computed: the proposal does not compile. */
        NONE
    }

    /** The replay of the latest logged decisions on the proposal's candidate ({@code POST /v1/rules/impact}). */
    public record Impact(ImpactStatus status, int decisions, JsonNode report, String error) {
    }

    /** One risk officer's approval. */
    public record Approval(String by, Instant at) {
    }

    /**
     * A proposal as stored. {@code baseContents} are the files of the revision it was proposed on,
     * for a diff (empty when that revision's files are no longer recorded).
     */
    public record Proposal(long id, ProposalStatus status, String proposedBy, Instant proposedAt, String reason,
                           String baseRevision, String revision, List<RuleRevisions.FileChange> filesChanged,
                           Map<String, String> contents, Map<String, String> baseContents, List<RuleError> errors,
                           SelfTestOutcome selfTest, JsonNode examples, Impact impact, List<Approval> approvals, int approvalsRequired,
                           String decidedBy, Instant decidedAt, String decisionReason) {
    }

    /**
     * Proposes the active files with {@code files} written and {@code deleted} removed. A candidate
     * that does not compile, fails the self-test or fails a policy example is stored as
     * {@link ProposalStatus#INVALID}. With no approvals required a valid proposal is activated at once.
     *
     * @throws ProposalRefusedException (409) when it changes nothing
     */
    public Proposal propose(Map<String, String> files, List<String> deleted, String reason, String by) {
        RuleFiles base = engine.active().ruleFiles();
        Map<String, String> overrides = new HashMap<>(files);
        deleted.forEach(name -> overrides.put(name, null));
        RuleFiles candidate = operations.candidate(overrides, false);
        if (candidate.revision().equals(base.revision())) {
            throw new ProposalRefusedException(409, null, "The proposal changes nothing: its files are those of the"
                    + " active revision " + base.revision() + ".");
        }
        SelfTest.Result checked = SelfTest.compileAndCheck(() -> engine.compile(candidate));
        List<RuleError> errors = checked.errors();
        long id = QuarkusTransaction.requiringNew().call(() -> {
            RuleProposalEntity row = new RuleProposalEntity();
            row.status = errors.isEmpty() ? ProposalStatus.OPEN : ProposalStatus.INVALID;
            row.proposedBy = by;
            row.proposedAt = Instant.now();
            row.reason = reason;
            row.baseRevision = base.revision();
            row.revision = candidate.revision();
            row.contents = candidate.contents();
            row.filesChanged = RuleRevisions.changes(base.contents(), candidate.contents());
            row.errors = errors;
            row.selfTest = checked.selfTest();
            row.examples = checked.examples() == null ? null : json.valueToTree(checked.examples());
            row.impactStatus = checked.compiled() ? ImpactStatus.PENDING : ImpactStatus.NONE;
            row.approvals = List.of();
            entityManager.persist(row);
            return row.id;
        });
        if (checked.compiled()) {
            startImpact(id, candidate, checked.passed());
        }
        LOG.infof("Rule proposal %d by %s: %s (%s)", id, by, candidate.revision(), errors.isEmpty() ? "valid" : errors.size() + " error(s)");
        if (errors.isEmpty() && approvalsRequired == 0) {
            activate(id, by);
        }
        return find(id).orElseThrow();
    }

    /**
     * Proposes {@code files} as the whole rule set (an active file they lack is deleted): what a
     * reload, the folder watcher or a rollback opens where approvals are required. The folder watcher
     * fires at every save, and officers reload again: a proposal of the same files on the active
     * revision that is still open (or invalid) is returned instead of a second one.
     */
    Proposal proposeWhole(RuleFiles files, String reason, String by) {
        Optional<Proposal> pending = pending(files.revision());
        if (pending.isPresent()) {
            return pending.get();
        }
        List<String> deleted = engine.active().ruleFiles().contents().keySet().stream()
                .filter(name -> !files.contents().containsKey(name)).toList();
        return propose(files.contents(), deleted, reason, by);
    }

    /** The latest open or invalid proposal of {@code revision} made on the active revision. */
    private Optional<Proposal> pending(String revision) {
        supersedeOpen();
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select p from RuleProposalEntity p where p.revision = :revision and p.baseRevision = :active"
                                + " and p.status in :pending order by p.proposedAt desc, p.id desc", RuleProposalEntity.class)
                .setParameter("revision", revision).setParameter("active", activeRevision())
                .setParameter("pending", List.of(ProposalStatus.OPEN, ProposalStatus.INVALID))
                .setMaxResults(1).getResultStream().findFirst().map(row -> view(row, true)));
    }

    /**
     * The approvals a proposal by {@code proposer} needs. Nobody signed what the folder watcher
     * proposes (any officer may have saved the files, an approver too), so it needs one more.
     */
    private int approvalsRequired(String proposer) {
        return Caller.FOLDER_WATCHER.equals(proposer) ? approvalsRequired + 1 : approvalsRequired;
    }

    /** Whether changes are proposed and approved before they are activated ({@code policy.rules.approvals-required} ≥ 1). */
    boolean governed() {
        return approvalsRequired > 0;
    }

    /**
     * Approves an open proposal as {@code by}, who must not be its proposer; activates it when it has
     * the approvals required.
     *
     * @throws ProposalRefusedException 403 for its proposer, 409 when it is not open (or no longer
     *                                  proposed on the active revision: it becomes SUPERSEDED) or
     *                                  {@code by} approved it already
     */
    public Optional<Proposal> approve(long id, String by) {
        Optional<ApprovalStep> step = QuarkusTransaction.requiringNew().call(() -> locked(id).map(row -> {
            if (supersede(row)) {
                return ApprovalStep.SUPERSEDED;
            }
            requireOpen(row, "approved");
            if (row.proposedBy.equals(by)) {
                throw new ProposalRefusedException(403, FOUR_EYES, "User " + by + " proposed " + id
                        + " and may not approve it: " + FOUR_EYES + ".");
            }
            if (row.approvals.stream().anyMatch(approval -> approval.by().equals(by))) {
                throw new ProposalRefusedException(409, null, "User " + by + " has approved proposal " + id + " already.");
            }
            List<RuleProposalEntity.StoredApproval> approvals = new ArrayList<>(row.approvals);
            approvals.add(new RuleProposalEntity.StoredApproval(by, Instant.now().toString()));
            row.approvals = approvals;
            return approvals.size() >= approvalsRequired(row.proposedBy) ? ApprovalStep.COMPLETE : ApprovalStep.WAITING;
        }));
        if (step.isEmpty()) {
            return Optional.empty();
        }
        switch (step.get()) {
            case SUPERSEDED -> throw superseded(id);
            case COMPLETE -> activate(id, by);
            case WAITING -> LOG.infof("Rule proposal %d approved by %s, waiting for more approvals", id, by);
        }
        return find(id);
    }

    /** What an approval did: the superseded state is committed before the caller is refused. */
    private enum ApprovalStep {
        SUPERSEDED, WAITING, COMPLETE
    }

    /** Rejects an open proposal, with a reason; any risk officer may, its proposer too. */
    public Optional<Proposal> reject(long id, String by, String reason) {
        return decide(id, by, reason, ProposalStatus.REJECTED, false);
    }

    /** Takes back an open (or invalid) proposal: only its proposer may. */
    public Optional<Proposal> withdraw(long id, String by) {
        return decide(id, by, null, ProposalStatus.WITHDRAWN, true);
    }

    /** Proposals newest first, of one status or all (open ones proposed on an older revision show as SUPERSEDED). */
    public List<Proposal> list(Optional<ProposalStatus> status, int limit) {
        supersedeOpen();
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = status.isPresent()
                    ? entityManager.createQuery("select p from RuleProposalEntity p where p.status = :status"
                            + " order by p.proposedAt desc, p.id desc", RuleProposalEntity.class).setParameter("status", status.get())
                    : entityManager.createQuery("select p from RuleProposalEntity p order by p.proposedAt desc, p.id desc",
                            RuleProposalEntity.class);
            return query.setMaxResults(limit).getResultList().stream().map(row -> view(row, false)).toList();
        });
    }

    /** One proposal; its impact is computed here if it has been pending longer than {@code policy.rules.proposal-impact-takeover}. */
    public Optional<Proposal> find(long id) {
        supersedeOpen();
        Optional<Proposal> found = QuarkusTransaction.requiringNew().call(() ->
                Optional.ofNullable(entityManager.find(RuleProposalEntity.class, id)).map(row -> view(row, true)));
        found.filter(p -> p.impact().status() == ImpactStatus.PENDING
                        && !p.proposedAt().plus(impactTakeover).isAfter(Instant.now()))
                .ifPresent(p -> startImpact(p.id(), RuleFiles.of(p.contents()), null));
        return found;
    }

    @PreDestroy
    void stop() {
        impactWorker.shutdownNow();
    }

    /**
     * Computes the proposal's impact in the background, unless this node is computing it already.
     *
     * @param compiled the candidate compiled from {@code files} (and retired after), or null to compile it there
     */
    private void startImpact(long id, RuleFiles files, RuleSet compiled) {
        if (!computing.add(id)) {
            if (compiled != null) {
                compiled.retire();
            }
            return;
        }
        impactWorker.execute(() -> {
            try {
                computeImpact(id, files, compiled);
            } finally {
                computing.remove(id);
            }
        });
    }

    /** Replays the latest logged decisions on the candidate and stores the report. */
    private void computeImpact(long id, RuleFiles files, RuleSet compiled) {
        ImpactStatus status;
        JsonNode report = null;
        String error = null;
        try {
            RuleSet candidate = compiled != null ? compiled : engine.compile(files);
            try {
                report = json.valueToTree(impact.replay(candidate, engine.active(), impactDecisions));
                status = ImpactStatus.READY;
            } finally {
                candidate.retire();
            }
        } catch (RuleCompilationException | RuntimeException e) {
            LOG.warnf("The impact of rule proposal %d could not be computed: %s", id, e.getMessage());
            status = ImpactStatus.FAILED;
            error = String.valueOf(e.getMessage());
        }
        ImpactStatus computed = status;
        JsonNode computedReport = report;
        String computedError = error;
        // Under the row's lock, as every change of a proposal: Hibernate writes the whole row back, and a row
        // read before an approval committed would put the proposal back to OPEN
        QuarkusTransaction.requiringNew().run(() -> locked(id).ifPresent(row -> {
            row.impactStatus = computed;
            row.impact = computedReport;
            row.impactError = computedError;
        }));
    }

    private Optional<Proposal> decide(long id, String by, String reason, ProposalStatus outcome, boolean proposerOnly) {
        Optional<Boolean> decided = QuarkusTransaction.requiringNew().call(() -> locked(id).map(row -> {
            if (proposerOnly && !row.proposedBy.equals(by)) {
                throw new ProposalRefusedException(403, PROPOSER_WITHDRAWS, "User " + by + " did not propose " + id
                        + " and may not withdraw it: " + PROPOSER_WITHDRAWS + ".");
            }
            if (!(outcome == ProposalStatus.WITHDRAWN && row.status == ProposalStatus.INVALID)) {
                if (supersede(row)) {
                    return false;
                }
                requireOpen(row, outcome == ProposalStatus.REJECTED ? "rejected" : "withdrawn");
            }
            row.status = outcome;
            row.decidedBy = by;
            row.decidedAt = Instant.now();
            row.decisionReason = reason;
            return true;
        }));
        if (decided.isPresent() && !decided.get()) {
            throw superseded(id);
        }
        decided.ifPresent(done -> shadows.proposalDecided(id));
        return decided.flatMap(done -> find(id));
    }

    /** Activates a proposal that has its approvals, for the cluster, and records it as approved. */
    private void activate(long id, String by) {
        RuleProposalEntity row = QuarkusTransaction.requiringNew().call(() -> entityManager.find(RuleProposalEntity.class, id));
        List<String> approvers = row.approvals.stream().map(RuleProposalEntity.StoredApproval::by).toList();
        RuleOperations.ReloadOutcome outcome = operations.activateProposal(row.contents, by,
                new RuleRevisions.Approved(id, row.reason, approvers));
        QuarkusTransaction.requiringNew().run(() -> locked(id).ifPresent(locked -> {
            locked.status = ProposalStatus.APPROVED;
            locked.decidedBy = by;
            locked.decidedAt = Instant.now();
        }));
        shadows.proposalDecided(id);
        LOG.infof("Rule proposal %d approved by %s and activated: %s (%s)", id, approvers.isEmpty() ? by : approvers,
                outcome.revision(), outcome.outcome());
    }

    private Optional<RuleProposalEntity> locked(long id) {
        return Optional.ofNullable(entityManager.find(RuleProposalEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Marks every open proposal made on another revision than the active one as superseded. */
    private void supersedeOpen() {
        String active = activeRevision();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createQuery(
                        "update RuleProposalEntity p set p.status = :superseded where p.status = :open and p.baseRevision <> :active")
                .setParameter("superseded", ProposalStatus.SUPERSEDED).setParameter("open", ProposalStatus.OPEN)
                .setParameter("active", active).executeUpdate());
    }

    /** Whether the locked row was open on an older revision, and is superseded now. */
    private boolean supersede(RuleProposalEntity row) {
        if (row.status == ProposalStatus.OPEN && !row.baseRevision.equals(activeRevision())) {
            row.status = ProposalStatus.SUPERSEDED;
            return true;
        }
        return false;
    }

    /** The cluster's active revision: the activation recorded last, else (before any) this node's. */
    private String activeRevision() {
        return revisions.head().map(RuleRevisions.Head::revision).orElse(engine.active().revision());
    }

    private static void requireOpen(RuleProposalEntity row, String what) {
        if (row.status != ProposalStatus.OPEN) {
            throw new ProposalRefusedException(409, null, "Proposal " + row.id + " is " + row.status + " and cannot be "
                    + what + (row.status == ProposalStatus.INVALID ? ": its files do not pass validation." : "."));
        }
    }

    private static ProposalRefusedException superseded(long id) {
        return new ProposalRefusedException(409, null, "Proposal " + id + " is SUPERSEDED: the active rule set changed"
                + " after it was proposed. Propose it again on the active revision.");
    }

    private Proposal view(RuleProposalEntity row, boolean withContents) {
        Map<String, String> base = withContents
                ? revisions.contents(row.baseRevision).map(contents -> (Map<String, String>) new TreeMap<>(contents)).orElse(Map.of())
                : null;
        return new Proposal(row.id, row.status, row.proposedBy, row.proposedAt, row.reason, row.baseRevision, row.revision,
                List.copyOf(row.filesChanged), withContents ? new TreeMap<>(row.contents) : null, base,
                List.copyOf(row.errors), row.selfTest, row.examples,
                new Impact(row.impactStatus, impactDecisions, withContents ? row.impact : null, row.impactError), row.approvals.stream().map(RuleProposalEntity.StoredApproval::approval).toList(), approvalsRequired(row.proposedBy), row.decidedBy, row.decidedAt,
                row.decisionReason);
    }
}
