package com.riskpolicy.ruleops;

import com.riskpolicy.ruleops.RuleOperations.ReloadOutcome;
import com.riskpolicy.ruleops.RuleProposals.Proposal;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Reload, the folder watcher and rollback where approvals are required
 * ({@code policy.rules.approvals-required} ≥ 1, the default): a rule set nobody approved becomes a
 * proposal ({@link RuleProposals}) instead of being activated, and waits for its approvals like any
 * other. A rollback to a revision once approved, or to one the service started on from its deployed
 * folder, is activated at once. With no approvals required (a desk of one) all three activate, as
 * {@link RuleOperations} does.
 *
 * <p>One reload or rollback at a time on a node, so that the watcher firing at every save and an
 * officer's reload open one proposal between them, not two.
 */
@ApplicationScoped
public class GovernedRuleOperations {

    /** The reason of a reload's proposal when the officer gave none. */
    public static final String RELOAD_REASON = "Reloaded from the rules folder";
    /** The reason of the folder watcher's proposals. */
    public static final String WATCH_REASON = "Saved in the rules folder (seen by the folder watcher)";

    @Inject
    RuleOperations operations;
    @Inject
    RuleProposals proposals;
    @Inject
    RuleRevisions revisions;
    @Inject
    RuleEngine engine;

    /**
     * What a reload or a rollback did.
     *
     * @param outcome  as recorded for {@code GET /v1/rules}: ACTIVATED, UNCHANGED or PROPOSED
     * @param proposal the proposal it opened, or found open, when PROPOSED; null otherwise
     */
    public record Change(ReloadOutcome outcome, Proposal proposal) {
    }

    /**
     * Activates the rules folder, or, where approvals are required and it changed, proposes it as the
     * whole rule set (files it lacks are deleted), proposed by {@code by}.
     *
     * @param reason the proposal's reason; null for the default of {@code source}
     * @throws RuleReloadException when the folder does not pass: refused as always, and where approvals
     *                             are required stored as an INVALID proposal, which it names
     */
    public synchronized Change reload(ActivationSource source, String by, String reason) {
        if (!proposals.governed()) {
            return new Change(operations.reload(source, by), null);
        }
        RuleOperations.FolderChange folder = operations.folderChange(source, by);
        if (folder.unchanged() != null) {
            return new Change(folder.unchanged(), null);
        }
        String why = reason != null ? reason : source == ActivationSource.WATCH ? WATCH_REASON : RELOAD_REASON;
        return propose(source, folder.files(), why, by);
    }

    /**
     * Rolls back to an earlier revision: at once where no approvals are required, or the revision was
     * once approved (the activation records that approval) or the service started on it from its
     * deployed folder; otherwise its files are proposed, reason "Rollback to &lt;revision&gt;".
     *
     * @return empty when no such revision was ever activated
     * @throws RuleReloadException when the revision no longer passes
     */
    public synchronized Optional<Change> rollback(String revision, String by) {
        if (rollbackActivatesAtOnce(revision)) {
            return operations.rollback(revision, by).map(outcome -> new Change(outcome, null));
        }
        return revisions.contents(revision).map(contents ->
                propose(ActivationSource.ROLLBACK, RuleFiles.of(contents), "Rollback to " + revision, by));
    }

    /**
     * Whether {@link #rollback} to {@code revision} would activate it at once rather than open a
     * proposal: for a confirmation to say so before an officer rolls back.
     */
    public boolean rollbackActivatesAtOnce(String revision) {
        return !proposals.governed() || revision.equals(engine.active().revision()) || approvedOnce(revision);
    }

    /** Whether a rollback to {@code revision} needs no new approval. */
    private boolean approvedOnce(String revision) {
        return revisions.approval(revision).isPresent() || revisions.startedOn(revision);
    }

    private Change propose(ActivationSource source, RuleFiles files, String reason, String by) {
        long started = System.nanoTime();
        Proposal proposal = proposals.proposeWhole(files, reason, by);
        return new Change(operations.proposed(source, by, proposal, started), proposal);
    }
}
