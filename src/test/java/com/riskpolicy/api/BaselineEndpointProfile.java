package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** A service started as the HTTP check benchmark starts it: with its baseline endpoint switched on. */
public class BaselineEndpointProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(TestDatabase.named("baseline-endpoint"));
        overrides.put("policy.benchmark.baseline-endpoint", "true");
        return overrides;
    }
}
