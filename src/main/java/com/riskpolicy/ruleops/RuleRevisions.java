package com.riskpolicy.ruleops;

import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The record of every activation (table {@code rule_revision}): which revision, when, by whom, what
 * changed and every file's text. Each method runs in a transaction of its own.
 */
@ApplicationScoped
public class RuleRevisions {

    @Inject
    EntityManager entityManager;

    /**
     * An activation as recorded; {@code contents} only when asked for one revision. {@code proposalId},
     * {@code reason} and {@code approvedBy} name the proposal it activated (null and empty otherwise).
     */
    public record Revision(long sequence, String revision, String previousRevision, Instant activatedAt,
                           String activatedBy, ActivationSource source, List<FileChange> filesChanged,
                           Map<String, String> contents, Long proposalId, String reason, List<String> approvedBy) {
    }

    /** What an activation that comes from a proposal records beside it. */
    public record Approved(long proposalId, String reason, List<String> approvers) {
    }

    public record FileChange(String file, String change) {
    }

    /** Records that {@code activated} replaced the rule set with files {@code previous} (null: none). */
    void record(ActivationSource source, String by, Map<String, String> previous, RuleSet activated) {
        record(source, by, previous, activated, null);
    }

    /** As {@link #record(ActivationSource, String, Map, RuleSet)}, naming the proposal it activated (null: none). */
    void record(ActivationSource source, String by, Map<String, String> previous, RuleSet activated, Approved approved) {
        QuarkusTransaction.requiringNew().run(() -> {
            RuleRevisionEntity row = new RuleRevisionEntity();
            row.revision = activated.revision();
            row.previousRevision = previous == null ? null : RuleFiles.of(previous).revision();
            row.activatedAt = Instant.now();
            row.activatedBy = by;
            row.source = source.name();
            row.filesChanged = changes(previous == null ? Map.of() : previous, activated.ruleFiles().contents());
            row.contents = activated.ruleFiles().contents();
            if (approved != null) {
                row.proposalId = approved.proposalId();
                row.reason = approved.reason();
                row.approvedBy = String.join(",", approved.approvers());
            }
            entityManager.persist(row);
            entityManager.flush();
            entityManager.createNativeQuery("UPDATE active_rule_set SET revision_id = ?1 WHERE name = 'cluster'")
                    .setParameter(1, row.id).executeUpdate();
        });
    }

    /** The newest activation recorded, by any node: the cluster's active revision. */
    public record Head(long sequence, String revision) {
    }

    /** The activation recorded last, without its files: cheap enough to ask twice a second. */
    public Optional<Head> head() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery("SELECT r.id, r.revision FROM rule_revision r"
                    + " JOIN active_rule_set a ON a.revision_id = r.id WHERE a.name = 'cluster'").getResultList();
            return rows.stream().findFirst().map(row -> {
                Object[] columns = (Object[]) row;
                return new Head(((Number) columns[0]).longValue(), (String) columns[1]);
            });
        });
    }

    /** The rule set a node is about to activate for the cluster, for the others to prepare. */
    void propose(RuleSet candidate, String node) {
        QuarkusTransaction.requiringNew().run(() -> {
            RuleSetCandidateEntity row = entityManager.find(RuleSetCandidateEntity.class, RuleSetCandidateEntity.CLUSTER);
            if (row == null) {
                row = new RuleSetCandidateEntity();
                row.name = RuleSetCandidateEntity.CLUSTER;
                fill(row, candidate, node);
                entityManager.persist(row);
            } else {
                fill(row, candidate, node);
            }
        });
    }

    private static void fill(RuleSetCandidateEntity row, RuleSet candidate, String node) {
        row.revision = candidate.revision();
        row.contents = candidate.ruleFiles().contents();
        row.proposedBy = node;
        row.proposedAt = Instant.now();
    }

    /** The rule set some node is about to activate, if any: its revision, then its files when asked. */
    Optional<String> candidateRevision() {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("select c.revision from RuleSetCandidateEntity c", String.class)
                .getResultStream().findFirst());
    }

    /** The files of the rule set some node is about to activate. */
    Optional<RuleFiles> candidateFiles() {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(
                entityManager.find(RuleSetCandidateEntity.class, RuleSetCandidateEntity.CLUSTER)).map(c -> RuleFiles.of(c.contents)));
    }

    /** The files of the activation recorded as {@code sequence}. */
    Optional<RuleFiles> files(long sequence) {
        return QuarkusTransaction.requiringNew().call(() ->
                Optional.ofNullable(entityManager.find(RuleRevisionEntity.class, sequence)).map(r -> RuleFiles.of(r.contents)));
    }

    /** The files of the activation recorded last, by this run, an earlier one or another node. */
    Optional<RuleFiles> latest() {
        return head().flatMap(head -> files(head.sequence()));
    }

    /** The files of the latest activation of {@code revision}. */
    Optional<Map<String, String>> contents(String revision) {
        return QuarkusTransaction.requiringNew().call(() -> latest(revision).map(r -> r.contents));
    }

    /**
     * The proposal that once had {@code revision} approved, if any (the latest): what a rollback to it
     * records, as it needs no new approval.
     */
    Optional<Approved> approval(String revision) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select r from RuleRevisionEntity r where r.revision = :revision and r.proposalId is not null"
                                + " order by r.activatedAt desc, r.id desc", RuleRevisionEntity.class)
                .setParameter("revision", revision).setMaxResults(1).getResultStream().findFirst()
                .map(r -> new Approved(r.proposalId, r.reason, approvers(r))));
    }

    /**
     * Whether the service once started on {@code revision} from its rules folder: deployed by the
     * release process, which a rollback needs no new approval for. A start on the last good rule set
     * ({@link ActivationSource#LAST_GOOD}) does not count: it served again what an earlier activation
     * put in force, and that one's record says whether it was approved.
     */
    boolean startedOn(String revision) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select count(r) from RuleRevisionEntity r where r.revision = :revision and r.source = :startup", Long.class)
                .setParameter("revision", revision).setParameter("startup", ActivationSource.STARTUP.name())
                .getSingleResult() > 0);
    }

    /** Every activation, newest first (by time: nodes draw ids in blocks of their own). */
    public List<Revision> list(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("select r from RuleRevisionEntity r order by r.activatedAt desc, r.id desc", RuleRevisionEntity.class)
                .setMaxResults(limit).getResultList().stream().map(r -> view(r, false)).toList());
    }

    /** The latest activation of {@code revision}, with its files. */
    public Optional<Revision> find(String revision) {
        return QuarkusTransaction.requiringNew().call(() -> latest(revision).map(r -> view(r, true)));
    }

    long count() {
        return QuarkusTransaction.requiringNew().call(() ->
                entityManager.createQuery("select count(r) from RuleRevisionEntity r", Long.class).getSingleResult());
    }

    private Optional<RuleRevisionEntity> latest(String revision) {
        return entityManager.createQuery("select r from RuleRevisionEntity r where r.revision = :revision"
                                + " order by r.activatedAt desc, r.id desc",
                        RuleRevisionEntity.class)
                .setParameter("revision", revision).setMaxResults(1).getResultStream().findFirst();
    }

    private static List<String> approvers(RuleRevisionEntity row) {
        return row.approvedBy == null || row.approvedBy.isEmpty() ? List.of() : List.of(row.approvedBy.split(","));
    }

    /** The files {@code after} adds, removes or modifies compared with {@code before}, by name: ADDED, REMOVED, MODIFIED. */
    public static List<FileChange> changes(Map<String, String> before, Map<String, String> after) {
        List<FileChange> out = new ArrayList<>();
        SortedMap<String, String> all = new TreeMap<>(before);
        all.putAll(after);
        for (String file : all.keySet()) {
            if (!before.containsKey(file)) {
                out.add(new FileChange(file, "ADDED"));
            } else if (!after.containsKey(file)) {
                out.add(new FileChange(file, "REMOVED"));
            } else if (!before.get(file).equals(after.get(file))) {
                out.add(new FileChange(file, "MODIFIED"));
            }
        }
        return out;
    }

    private Revision view(RuleRevisionEntity row, boolean withContents) {
        return new Revision(row.id, row.revision, row.previousRevision, row.activatedAt, row.activatedBy,
                ActivationSource.valueOf(row.source), List.copyOf(row.filesChanged),
                withContents ? new TreeMap<>(row.contents) : null, row.proposalId, row.reason, approvers(row));
    }
}
