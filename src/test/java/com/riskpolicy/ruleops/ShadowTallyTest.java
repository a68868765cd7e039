package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.ruleops.ImpactReport.Change;
import com.riskpolicy.ruleops.ShadowTally.ActionCounts;
import com.riskpolicy.ruleops.ShadowTally.Counts;
import com.riskpolicy.ruleops.ShadowTally.Disagreement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A shadow's comparison of the active rule set's decisions with the candidate's, and the tallies of several nodes added. */
class ShadowTallyTest {

    private static final String MAINTENANCE = "MAINTENANCE_MARGIN_BREACH";
    private static final String EXCEEDS = "REMOVE_EXCEEDS_ISOLATED_MARGIN";
    private final AtomicInteger ids = new AtomicInteger();

    @Test
    void the_same_outcome_with_the_same_codes_in_any_order_is_an_agreement() {
        ShadowTally tally = new ShadowTally();
        tally.add(DecisionSource.CHECK, "a", "r", decision(Action.REMOVE_MARGIN, Outcome.ALLOW),
                decision(Action.REMOVE_MARGIN, Outcome.ALLOW));
        tally.add(DecisionSource.LEDGER, "a", "r", decision(Action.REMOVE_MARGIN, Outcome.DENY, MAINTENANCE, EXCEEDS),
                decision(Action.REMOVE_MARGIN, Outcome.DENY, EXCEEDS, MAINTENANCE, EXCEEDS));

        Counts counts = tally.counts(0);
        assertEquals(new Counts(2, 2, 0, 0, 0, Map.of(Action.REMOVE_MARGIN, new ActionCounts(2, 0, 0)), List.of()), counts);
    }

    @Test
    void disagreements_are_counted_by_action_and_transition_with_five_examples_each() {
        ShadowTally tally = new ShadowTally();
        for (int i = 0; i < 7; i++) {
            tally.add(DecisionSource.CHECK, "acct-" + i, "remove 900", decision(Action.REMOVE_MARGIN, Outcome.ALLOW),
                    decision(Action.REMOVE_MARGIN, Outcome.DENY, MAINTENANCE));
        }
        tally.add(DecisionSource.STATELESS, "b", "remove 2000", decision(Action.REMOVE_MARGIN, Outcome.DENY, EXCEEDS),
                decision(Action.REMOVE_MARGIN, Outcome.DENY, EXCEEDS, MAINTENANCE));
        tally.add(DecisionSource.CHECK, "c", "open 1", decision(Action.OPEN_POSITION, Outcome.DENY, "INSUFFICIENT_MARGIN"),
                decision(Action.OPEN_POSITION, Outcome.ALLOW));
        tally.add(DecisionSource.CHECK, "c", "open 1", decision(Action.OPEN_POSITION, Outcome.ALLOW),
                decision(Action.OPEN_POSITION, Outcome.ALLOW));

        Counts counts = tally.counts(3);
        assertEquals(10, counts.shadowed());
        assertEquals(1, counts.agreed());
        assertEquals(9, counts.disagreed());
        assertEquals(3, counts.skipped());
        assertEquals(Map.of(Action.REMOVE_MARGIN, new ActionCounts(0, 8, 0), Action.OPEN_POSITION, new ActionCounts(1, 1, 0)),
                counts.byAction());
        assertEquals(List.of(Change.ALLOW_TO_DENY, Change.CHANGED_CODES, Change.DENY_TO_ALLOW),
                counts.disagreements().stream().map(d -> d.transition().change()).toList());
        Disagreement flips = counts.disagreements().get(0);
        assertEquals(new ShadowTally.Transition(Action.REMOVE_MARGIN, Change.ALLOW_TO_DENY, Outcome.ALLOW, List.of(),
                Outcome.DENY, List.of(MAINTENANCE)), flips.transition());
        assertEquals(7, flips.count());
        assertEquals(List.of("acct-0", "acct-1", "acct-2", "acct-3", "acct-4"),
                flips.examples().stream().map(ShadowTally.Example::accountId).toList());
        ShadowTally.Example first = flips.examples().get(0);
        assertEquals("remove 900", first.request());
        assertEquals(List.of(), first.active().firedRules());
        assertEquals(List.of("rule of " + MAINTENANCE), first.candidate().firedRules());
        assertEquals(List.of(MAINTENANCE, EXCEEDS), counts.disagreements().get(1).transition().candidateViolations(),
                "the codes sorted, each once");
    }

    @Test
    void a_candidate_that_fails_is_counted_apart_and_names_its_error() {
        ShadowTally tally = new ShadowTally();
        tally.addFailure(DecisionSource.LEDGER, "a", "open 1", decision(Action.OPEN_POSITION, Outcome.ALLOW),
                new IllegalStateException("no contract ETHUSDT"));

        Counts counts = tally.counts(0);
        assertEquals(1, counts.failed());
        assertEquals(0, counts.disagreed());
        assertEquals(1, counts.shadowed());
        assertEquals(Change.FAILED, counts.disagreements().get(0).transition().change());
        assertEquals("IllegalStateException: no contract ETHUSDT", counts.disagreements().get(0).examples().get(0).candidate().error());
    }

    @Test
    void the_tallies_of_two_nodes_add_up_with_at_most_five_examples_per_transition() {
        ShadowTally one = new ShadowTally();
        ShadowTally two = new ShadowTally();
        for (int i = 0; i < 3; i++) {
            one.add(DecisionSource.CHECK, "one-" + i, "r", decision(Action.REMOVE_MARGIN, Outcome.ALLOW),
                    decision(Action.REMOVE_MARGIN, Outcome.DENY, MAINTENANCE));
            two.add(DecisionSource.CHECK, "two-" + i, "r", decision(Action.REMOVE_MARGIN, Outcome.ALLOW),
                    decision(Action.REMOVE_MARGIN, Outcome.DENY, MAINTENANCE));
        }
        two.add(DecisionSource.CHECK, "two", "r", decision(Action.ADD_MARGIN, Outcome.ALLOW), decision(Action.ADD_MARGIN, Outcome.ALLOW));

        Counts sum = Counts.NONE.plus(one.counts(1)).plus(two.counts(2));
        assertEquals(7, sum.shadowed());
        assertEquals(1, sum.agreed());
        assertEquals(6, sum.disagreed());
        assertEquals(3, sum.skipped());
        assertEquals(Map.of(Action.REMOVE_MARGIN, new ActionCounts(0, 6, 0), Action.ADD_MARGIN, new ActionCounts(1, 0, 0)),
                sum.byAction());
        assertEquals(1, sum.disagreements().size());
        assertEquals(6, sum.disagreements().get(0).count());
        assertEquals(List.of("one-0", "one-1", "one-2", "two-0", "two-1"),
                sum.disagreements().get(0).examples().stream().map(ShadowTally.Example::accountId).toList());
    }

    private Decision decision(Action action, Outcome outcome, String... codes) {
        List<Violation> violations = Arrays.stream(codes).map(code -> new Violation(code, "rule of " + code, "")).toList();
        return new Decision("d-" + ids.incrementAndGet(), action, outcome, violations, List.of(), null, "rev",
                violations.stream().map(Violation::rule).toList(), Instant.EPOCH);
    }
}
