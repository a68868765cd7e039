package com.riskpolicy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.rules.RuleFailureListener.Cause;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** policy_rules_evaluation_failures_total counts per rule and cause, without the revision. */
class RuleFailureMetricsTest {

    @Test
    void failures_are_counted_per_rule_and_cause() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuleFailureMetrics metrics = new RuleFailureMetrics(registry);
        metrics.ruleFailed("A", Cause.EXCEPTION);
        metrics.ruleFailed("A", Cause.EXCEPTION);
        metrics.ruleFailed("A", Cause.FIRE_LIMIT);
        metrics.ruleFailed("B", Cause.EXCEPTION);

        assertEquals(2.0, registry.get("policy.rules.evaluation.failures").tags("rule", "A", "cause", "EXCEPTION").counter().count());
        assertEquals(1.0, registry.get("policy.rules.evaluation.failures").tags("rule", "A", "cause", "FIRE_LIMIT").counter().count());
        assertEquals(1.0, registry.get("policy.rules.evaluation.failures").tags("rule", "B").counter().count());
        assertEquals(3, registry.get("policy.rules.evaluation.failures").counters().size());
    }
}
