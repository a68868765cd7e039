package com.riskpolicy.ruleops;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.decisionlog.LogEntry;
import com.riskpolicy.decisionlog.LogPosition;
import com.riskpolicy.decisionlog.LoggedInput;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import com.riskpolicy.ruleops.ImpactReport.Change;
import com.riskpolicy.ruleops.ImpactReport.Example;
import com.riskpolicy.ruleops.ImpactReport.Side;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Impact analysis: decides the last logged decisions again on a candidate rule set, from the input
 * facts the log kept (a ledger action from the account as it was before it), and compares each
 * with what was decided then. Writes nothing: the candidate is never activated, the ledger is not
 * touched and the replayed decisions are not logged.
 */
@ApplicationScoped
public class RuleImpact {

    public static final int MAX_EXAMPLES = 20;
    /** How many of the newest logged decisions are replayed when the caller does not say. */
    public static final int DEFAULT_LAST = 1000;
    private static final int PAGE = 500;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    DecisionLog log;
    @Inject
    RuleEngine engine;

    /**
     * Compiles {@code files} as a candidate, replays the last {@code last} logged decisions on it
     * against {@code active}, and releases it: the candidate is never activated.
     *
     * @throws RuleCompilationException when the candidate does not compile; nothing is replayed
     */
    public ImpactReport replayCandidate(RuleFiles files, RuleSet active, int last) throws RuleCompilationException {
        RuleSet candidate = engine.compile(files);
        try {
            return replay(candidate, active, last);
        } finally {
            candidate.retire();
        }
    }

    public ImpactReport replay(RuleSet candidate, RuleSet active, int last) {
        // decisions made just before the request are still on their way to the table
        log.flush(FLUSH_TIMEOUT);
        Map<Change, Integer> counts = new EnumMap<>(Change.class);
        Map<Change, List<Example>> examples = new EnumMap<>(Change.class);
        Map<String, Integer> revisions = new TreeMap<>();
        LogPosition before = null;
        int remaining = last;
        while (remaining > 0) {
            List<LogEntry> page = log.withInput(before, Math.min(PAGE, remaining));
            for (LogEntry entry : page) {
                Example example = replay(candidate, entry);
                counts.merge(example.change(), 1, Integer::sum);
                revisions.merge(entry.decision().ruleSetRevision(), 1, Integer::sum);
                List<Example> kept = examples.computeIfAbsent(example.change(), c -> new ArrayList<>());
                if (example.change() != Change.UNCHANGED && kept.size() < MAX_EXAMPLES) {
                    kept.add(example);
                }
            }
            if (page.size() < Math.min(PAGE, remaining)) {
                break;
            }
            before = page.get(page.size() - 1).position();
            remaining -= page.size();
        }
        int replayed = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new ImpactReport(candidate.revision(), active.revision(), replayed,
                counts.getOrDefault(Change.UNCHANGED, 0), counts.getOrDefault(Change.ALLOW_TO_DENY, 0),
                counts.getOrDefault(Change.DENY_TO_ALLOW, 0), counts.getOrDefault(Change.CHANGED_CODES, 0),
                counts.getOrDefault(Change.FAILED, 0), revisions, interleave(examples));
    }

    private static Example replay(RuleSet candidate, LogEntry entry) {
        DecisionView logged = entry.decision();
        Side before = side(logged.decision(), logged.violations(), logged.warnings(), logged.ruleSetRevision());
        Side after;
        Change change;
        try {
            LoggedInput input = entry.input();
            Decision replayed = PolicyService.decideWith(candidate, input.account(), input.actionRequest()).decision();
            after = side(replayed.decision(), replayed.violations(), replayed.warnings(), replayed.ruleSetRevision());
            change = change(before, after);
        } catch (RuntimeException e) {
            after = new Side(null, null, null, candidate.revision(), e.getClass().getSimpleName() + ": " + e.getMessage());
            change = Change.FAILED;
        }
        return new Example(logged.decisionId(), change, logged.action(), entry.accountId(), entry.source(), entry.at(),
                before, after);
    }

    private static Side side(Outcome outcome, List<Violation> violations, List<Warning> warnings, String revision) {
        return new Side(outcome, violations.stream().map(Violation::code).toList(),
                warnings.stream().map(Warning::code).toList(), revision, null);
    }

    /** As {@link Change#between}, the warning codes counting with the violation codes. */
    private static Change change(Side before, Side after) {
        Change change = Change.between(before.decision(), before.violations(), after.decision(), after.violations());
        return change == Change.UNCHANGED && !before.warnings().equals(after.warnings()) ? Change.CHANGED_CODES : change;
    }

    /**
     * Up to {@link #MAX_EXAMPLES}, taken from each kind of change in turn so that every kind is
     * shown, then grouped by kind, newest first.
     */
    private static List<Example> interleave(Map<Change, List<Example>> byChange) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; out.size() < MAX_EXAMPLES; i++) {
            boolean any = false;
            for (Change change : List.of(Change.ALLOW_TO_DENY, Change.DENY_TO_ALLOW, Change.CHANGED_CODES, Change.FAILED)) {
                List<Example> examples = byChange.getOrDefault(change, List.of());
                if (i < examples.size() && out.size() < MAX_EXAMPLES) {
                    out.add(examples.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        out.sort(Comparator.comparing(Example::change));
        return out;
    }
}
