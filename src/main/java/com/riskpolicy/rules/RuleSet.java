package com.riskpolicy.rules;

import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.domain.fact.LiquidationVerdict;
import com.riskpolicy.domain.fact.RiskExposure;
import com.riskpolicy.domain.fact.RiskParameter;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * One compiled, immutable revision of the rules folder: its KieBase and the catalog of numbers
 * from its tables. Thread-safe: every evaluation has a session to itself, warm ({@link WarmSessions})
 * or fresh, so evaluations share nothing.
 */
public final class RuleSet {

    /** The code of the violation a failing or runaway rule produces: the service fails closed. */
    public static final String RULE_EVALUATION_ERROR = "RULE_EVALUATION_ERROR";

    private static final Comparator<Violation> VIOLATION_ORDER =
            Comparator.comparing(Violation::code).thenComparing(Violation::rule);
    private static final Comparator<Warning> WARNING_ORDER =
            Comparator.comparing(Warning::code).thenComparing(Warning::rule);

    private static final Comparator<LiquidationVerdict> VERDICT_ORDER =
            Comparator.comparing((LiquidationVerdict v) -> v.exposure().accountId())
                    .thenComparing(v -> v.exposure().symbol())
                    .thenComparing(LiquidationVerdict::type);

    private static final Logger LOG = Logger.getLogger(RuleSet.class);

    private final String revision;
    private final List<String> files;
    private final RuleFiles ruleFiles;
    private final Instant loadedAt;
    private final RiskCatalog catalog;
    private final MarginMath math;
    private final List<RiskParameter> parameterFacts;
    private final KieSessionsPool sessions;
    private final KieSessionConfiguration sessionConfiguration;
    private final WarmSessions warmSessions;
    private final int maxFirings;
    private final List<String> ruleNames;
    private final boolean fromCache;
    private volatile RuleFailureListener failures = RuleFailureListener.NONE;

    RuleSet(RuleFiles ruleFiles, RiskCatalog catalog, KieBase base, boolean fromCache, int sessionPoolSize, int maxFirings) {
        this.revision = ruleFiles.revision();
        this.files = List.copyOf(ruleFiles.contents().keySet());
        this.ruleFiles = ruleFiles;
        this.loadedAt = Instant.now();
        this.catalog = catalog;
        this.math = new MarginMath(catalog);
        this.parameterFacts = catalog.parameters().entrySet().stream()
                .map(p -> new RiskParameter(p.getKey(), p.getValue())).toList();
        this.fromCache = fromCache;
        this.sessions = base.newKieSessionsPool(sessionPoolSize);
        // An evaluation has its session to itself, on one thread, from taking it to disposing it, so
        // the session need not guard its propagation queue against other threads.
        this.sessionConfiguration = KieServices.Factory.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ThreadSafeOption.NO);
        this.warmSessions = new WarmSessions(base, sessionConfiguration, parameterFacts, sessionPoolSize);
        this.maxFirings = maxFirings;
        this.ruleNames = base.getKiePackages().stream()
                .flatMap(rulePackage -> rulePackage.getRules().stream())
                .map(org.kie.api.definition.rule.Rule::getName)
                .sorted()
                .toList();
    }

    /** The name of every rule of the rule set, sorted. */
    public List<String> ruleNames() {
        return ruleNames;
    }

    /** Whether its packages came from the {@link CompiledRuleCache} rather than a compile. */
    public boolean fromCache() {
        return fromCache;
    }

    public String revision() {
        return revision;
    }

    public List<String> files() {
        return files;
    }

    /** The files this rule set was compiled from, with their contents. */
    public RuleFiles ruleFiles() {
        return ruleFiles;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public RiskCatalog catalog() {
        return catalog;
    }

    public MarginMath math() {
        return math;
    }

    /**
     * From now on, tells {@code listener} of every evaluation a rule breaks. Set when the rule set is
     * activated: what a candidate's self-test or an impact replay finds is not a failure of the rules
     * in force.
     */
    void reportFailuresTo(RuleFailureListener listener) {
        this.failures = listener;
    }

    /**
     * Runs the rules over {@code facts} (plus every risk parameter) and collects the violations and
     * warnings they insert: in a warm session, which holds the parameters already and is as a fresh
     * one ({@link WarmSessions}), or in a fresh session when the rule set cannot use warm ones. A
     * rule that throws, or that keeps firing past the fire limit, yields a
     * {@value #RULE_EVALUATION_ERROR} violation: the action is refused.
     */
    public Evaluation evaluate(List<?> facts) {
        WarmSessions.Warm warm = warmSessions.lend();
        if (warm == null) {
            return evaluateInFreshSession(facts);
        }
        boolean ended = false;
        try {
            KieSession session = warm.session();
            for (Object fact : facts) {
                session.insert(fact);
            }
            int count = session.fireAllRules(maxFirings);
            if (count >= maxFirings) {
                return runaway(warm.fired());
            }
            Evaluation evaluation = evaluation(warm.findings(), List.copyOf(warm.fired()));
            ended = true;
            return evaluation;
        } catch (RuntimeException e) {
            return failed(e, List.copyOf(warm.fired()));
        } finally {
            if (ended) {
                warmSessions.giveBack(warm);
            } else {
                warmSessions.discard(warm);
            }
        }
    }

    /** Whether evaluations run in warm sessions; false when a rule fires on the risk parameters alone. */
    public boolean warmSessions() {
        return warmSessions.usable();
    }

    private Evaluation evaluateInFreshSession(List<?> facts) {
        List<String> fired = new ArrayList<>(8);
        FiredRules listener = new FiredRules(fired);
        KieSession session = sessions.newKieSession(sessionConfiguration);
        session.addEventListener(listener);
        try {
            for (RiskParameter parameter : parameterFacts) {
                session.insert(parameter);
            }
            for (Object fact : facts) {
                session.insert(fact);
            }
            int count = session.fireAllRules(maxFirings);
            if (count >= maxFirings) {
                return runaway(fired);
            }
            return collect(session, fired);
        } catch (RuntimeException e) {
            return failed(e, fired);
        } finally {
            session.removeEventListener(listener);
            session.dispose();
        }
    }

    private Evaluation collect(KieSession session, List<String> fired) {
        return evaluation(session.getObjects(o -> o instanceof Violation || o instanceof Warning), fired);
    }

    private Evaluation evaluation(Collection<?> findings, List<String> fired) {
        if (findings.isEmpty()) {
            return new Evaluation(List.of(), List.of(), fired, revision);
        }
        List<Violation> violations = new ArrayList<>(2);
        List<Warning> warnings = new ArrayList<>(2);
        for (Object object : findings) {
            if (object instanceof Violation violation) {
                violations.add(violation);
            } else {
                warnings.add((Warning) object);
            }
        }
        // The agenda's order among rules of equal standing is not stable: sort, so that the same
        // facts always give the same answer.
        violations.sort(VIOLATION_ORDER);
        warnings.sort(WARNING_ORDER);
        return new Evaluation(violations, warnings, fired, revision);
    }

    /**
     * Runs the liquidation rules over a tick's exposures in one session and returns their verdicts,
     * sorted by account and symbol. Fails closed the other way round from an action: when a rule
     * throws or keeps firing, nothing is liquidated on this tick (the exposures stay candidates and
     * are decided again on the next one) and the error is logged and thrown.
     *
     * @throws RuleEvaluationException when the rules could not decide
     */
    public List<LiquidationVerdict> liquidationVerdicts(List<RiskExposure> exposures) {
        if (exposures.isEmpty()) {
            return List.of();
        }
        KieSession session = sessions.newKieSession(sessionConfiguration);
        List<String> fired = new ArrayList<>();
        FiredRules listener = new FiredRules(fired);
        session.addEventListener(listener);
        // Every exposure may fire a few rules; the limit is per exposure, as for one decision.
        long limit = Math.min(Integer.MAX_VALUE, (long) maxFirings * exposures.size());
        try {
            for (RiskParameter parameter : parameterFacts) {
                session.insert(parameter);
            }
            for (RiskExposure exposure : exposures) {
                session.insert(exposure);
            }
            int count = session.fireAllRules((int) limit);
            if (count >= limit) {
                throw exception(runaway(fired));
            }
            List<LiquidationVerdict> verdicts = new ArrayList<>();
            for (Object object : session.getObjects(o -> o instanceof LiquidationVerdict)) {
                verdicts.add((LiquidationVerdict) object);
            }
            verdicts.sort(VERDICT_ORDER);
            return verdicts;
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw exception(failed(e, fired));
        } finally {
            session.removeEventListener(listener);
            session.dispose();
        }
    }

    private static RuleEvaluationException exception(Evaluation failed) {
        Violation violation = failed.violations().get(0);
        return new RuleEvaluationException(violation.rule(), violation.message());
    }

    private Evaluation runaway(List<String> fired) {
        Map<String, Integer> counts = new HashMap<>();
        fired.forEach(rule -> counts.merge(rule, 1, Integer::sum));
        String rule = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        LOG.errorf("Rule '%s' of %s kept firing: evaluation stopped after %d firings", rule, revision, maxFirings);
        failures.ruleFailed(rule, RuleFailureListener.Cause.FIRE_LIMIT);
        return new Evaluation(List.of(new Violation(RULE_EVALUATION_ERROR, rule,
                "Rule '" + rule + "' kept firing; evaluation stopped after " + maxFirings + " firings. The action is refused.")),
                List.of(), List.copyOf(counts.keySet()), revision);
    }

    private Evaluation failed(RuntimeException e, List<String> fired) {
        String rule = e instanceof ConsequenceException ce && ce.getMatch() != null
                ? ce.getMatch().getRule().getName() : "(rule condition)";
        LOG.errorf(e, "Rule '%s' of %s failed; the action is refused", rule, revision);
        failures.ruleFailed(rule, RuleFailureListener.Cause.EXCEPTION);
        return new Evaluation(List.of(new Violation(RULE_EVALUATION_ERROR, rule,
                "Rule '" + rule + "' failed: " + e.getMessage() + ". The action is refused.")),
                List.of(), fired, revision);
    }

    /** Releases the sessions of a rule set no longer in use; nothing may evaluate on it afterwards. */
    public void retire() {
        warmSessions.retire();
        sessions.shutdown();
    }

    private static final class FiredRules extends DefaultAgendaEventListener {
        private final List<String> names;

        FiredRules(List<String> names) {
            this.names = names;
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            names.add(event.getMatch().getRule().getName());
        }
    }
}
