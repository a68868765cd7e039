package com.riskpolicy.ops;

import com.riskpolicy.rules.RuleFailureListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prometheus: {@code policy_rules_evaluation_failures_total{rule,cause}} counts the evaluations a
 * rule of the active rule set broke (each answered by failing closed). Labelled by rule name, which
 * only risk officers' edits add to, and not by revision, which every reload would add a series to:
 * the log names the revision with each failure.
 */
@ApplicationScoped
public class RuleFailureMetrics implements RuleFailureListener {

    private final MeterRegistry registry;

    @Inject
    public RuleFailureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void ruleFailed(String rule, Cause cause) {
        Counter.builder("policy.rules.evaluation.failures")
                .description("Evaluations a rule broke (it threw or kept firing); each was refused or, on a tick, decided again on the next one")
                .tag("rule", rule)
                .tag("cause", cause.name())
                .register(registry)
                .increment();
    }
}
