package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** A deployment that has turned the demo users off and configured its own. */
public class DemoUsersOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(TestDatabase.named("demo-users-off"));
        overrides.putAll(Map.of(
                "policy.security.demo-users", "false",
                "policy.security.users.exchange-gateway.password", "gateway-secret",
                "policy.security.users.exchange-gateway.roles", "platform",
                "policy.security.users.compliance.password", "compliance-secret",
                "policy.security.users.compliance.roles", "auditor"));
        return overrides;
    }
}
