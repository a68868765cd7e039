package com.riskpolicy.ops;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus: {@code policy_decisions_seconds{action,outcome}} counts decisions and their latency
 * (histogram buckets, so p99 can be computed across instances).
 */
@ApplicationScoped
public class DecisionMetrics implements DecisionObserver {

    private final Map<Action, Map<Outcome, Timer>> timers = new EnumMap<>(Action.class);

    @Inject
    public DecisionMetrics(MeterRegistry registry) {
        for (Action action : Action.values()) {
            Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Timer.builder("policy.decisions")
                        .description("Policy decisions by action and outcome, with their latency")
                        .tag("action", action.name())
                        .tag("outcome", outcome.name())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(1_000))
                        .maximumExpectedValue(Duration.ofSeconds(1))
                        .register(registry));
            }
            timers.put(action, byOutcome);
        }
    }

    @Override
    public void decided(DecisionSource source, AccountSnapshot before, ActionRequest request, Decision decision,
                        long nanos) {
        timers.get(decision.action()).get(decision.decision()).record(nanos, TimeUnit.NANOSECONDS);
    }
}
