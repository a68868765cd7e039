package com.riskpolicy.ruleops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.ruleops.ImpactReport.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node saw of a shadow: each live decision beside the candidate's on the same input. The
 * two agree when they have the same outcome and the same set of violation codes (warnings are not
 * compared); otherwise the disagreement is counted under its action and its transition, e.g.
 * ALLOW → DENY with MAINTENANCE_MARGIN_BREACH, with up to {@link #EXAMPLES_PER_KEY} examples each.
 * Not thread-safe: the shadow's worker thread alone adds to it.
 */
public final class ShadowTally {

    static final int EXAMPLES_PER_KEY = 5;

    private long agreed;
    private long disagreed;
    private long failed;
    private final Map<Action, long[]> byAction = new EnumMap<>(Action.class);
    private final Map<Transition, List<Example>> examples = new LinkedHashMap<>();
    private final Map<Transition, Long> transitions = new LinkedHashMap<>();

    /** One side of a comparison: the active rule set's decision or the candidate's ({@code error} when it failed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(Outcome decision, List<String> violations, List<String> firedRules, String error) {

        static Side of(Decision decision) {
            return new Side(decision.decision(), codes(decision), List.copyOf(decision.firedRules()), null);
        }

        static Side failed(RuntimeException e) {
            return new Side(null, List.of(), List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A live decision the candidate decided otherwise. */
    public record Example(String decisionId, DecisionSource source, String accountId, Action action, String request,
                   Side active, Side candidate) {
    }

    /** What a disagreement is counted under: the action, and each side's outcome and violation codes. */
    public record Transition(Action action, Change change, Outcome activeDecision, List<String> activeViolations,
                      Outcome candidateDecision, List<String> candidateViolations) {

        static Transition of(Action action, Change change, Side active, Side candidate) {
            return new Transition(action, change, active.decision(), active.violations(),
                    candidate.decision(), candidate.violations());
        }
    }

    /** Agreements, disagreements and candidate failures of one action. */
    public record ActionCounts(long agreed, long disagreed, long failed) {

        ActionCounts plus(ActionCounts other) {
            return new ActionCounts(agreed + other.agreed, disagreed + other.disagreed, failed + other.failed);
        }
    }

    /** One transition's count, with examples. */
    public record Disagreement(Transition transition, long count, List<Example> examples) {
    }

    /**
     * A tally as a value: stored per node as JSON, summed over the nodes for the views.
     *
     * @param shadowed decisions the candidate decided too: agreed + disagreed + failed
     * @param skipped  decisions not shadowed because the queue was full (an answer never waits for the shadow)
     */
    public record Counts(long shadowed, long agreed, long disagreed, long failed, long skipped,
                  Map<Action, ActionCounts> byAction, List<Disagreement> disagreements) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, Map.of(), List.of());

        /** The sum of two nodes' tallies; examples up to {@link #EXAMPLES_PER_KEY} per transition. */
        Counts plus(Counts other) {
            Map<Action, ActionCounts> actions = new EnumMap<>(Action.class);
            actions.putAll(byAction);
            other.byAction.forEach((action, counts) -> actions.merge(action, counts, ActionCounts::plus));
            Map<Transition, Disagreement> merged = new LinkedHashMap<>();
            for (Disagreement d : concat(disagreements, other.disagreements)) {
                merged.merge(d.transition(), d, (a, b) -> new Disagreement(a.transition(), a.count() + b.count(),
                        concat(a.examples(), b.examples()).stream().limit(EXAMPLES_PER_KEY).toList()));
            }
            return new Counts(shadowed + other.shadowed, agreed + other.agreed, disagreed + other.disagreed,
                    failed + other.failed, skipped + other.skipped, actions, mostFirst(merged.values()));
        }
    }

    /** Compares a live decision with the candidate's on the same input. */
    void add(DecisionSource source, String accountId, String request, Decision active, Decision candidate) {
        add(source, accountId, request, active, Side.of(candidate));
    }

    /** Counts a live decision the candidate could not decide. */
    void addFailure(DecisionSource source, String accountId, String request, Decision active, RuntimeException e) {
        add(source, accountId, request, active, Side.failed(e));
    }

    /** This tally as a value, with the decisions this node could not shadow. */
    Counts counts(long skipped) {
        Map<Action, ActionCounts> actions = new EnumMap<>(Action.class);
        byAction.forEach((action, n) -> actions.put(action, new ActionCounts(n[0], n[1], n[2])));
        List<Disagreement> list = new ArrayList<>();
        transitions.forEach((transition, count) -> list.add(new Disagreement(transition, count,
                List.copyOf(examples.get(transition)))));
        return new Counts(agreed + disagreed + failed, agreed, disagreed, failed, skipped, actions, mostFirst(list));
    }

    private void add(DecisionSource source, String accountId, String request, Decision active, Side candidate) {
        Side before = Side.of(active);
        Change change = change(before, candidate);
        long[] counts = byAction.computeIfAbsent(active.action(), a -> new long[3]);
        switch (change) {
            case UNCHANGED -> {
                agreed++;
                counts[0]++;
                return;
            }
            case FAILED -> {
                failed++;
                counts[2]++;
            }
            default -> {
                disagreed++;
                counts[1]++;
            }
        }
        Transition transition = Transition.of(active.action(), change, before, candidate);
        transitions.merge(transition, 1L, Long::sum);
        List<Example> kept = examples.computeIfAbsent(transition, t -> new ArrayList<>());
        if (kept.size() < EXAMPLES_PER_KEY) {
            kept.add(new Example(active.decisionId(), source, accountId, active.action(), request, before, candidate));
        }
    }

    static Change change(Side active, Side candidate) {
        return candidate.error() != null ? Change.FAILED
                : Change.between(active.decision(), active.violations(), candidate.decision(), candidate.violations());
    }

    /** The decision's violation codes as a set: sorted, each once. */
    private static List<String> codes(Decision decision) {
        return decision.violations().stream().map(Violation::code).distinct().sorted().toList();
    }

    private static List<Disagreement> mostFirst(Collection<Disagreement> disagreements) {
        return disagreements.stream().sorted(Comparator.comparingLong(Disagreement::count).reversed()).toList();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
