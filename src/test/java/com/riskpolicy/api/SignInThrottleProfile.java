package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A service of its own whose sign-in throttle starts after three wrong passwords and runs on a clock
 * the test moves ({@link ManualClock}), so that "still waiting" and "the delay has passed" do not
 * depend on how fast a busy machine runs the test; no other test's sign-ins count here.
 */
public class SignInThrottleProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(TestDatabase.named("sign-in-throttle"));
        overrides.putAll(Map.of(
                "policy.security.sign-in-throttle.free-failures", "3",
                "policy.security.sign-in-throttle.base-delay", "PT10S"));
        return overrides;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualClock.class);
    }
}
