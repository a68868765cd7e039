package com.riskpolicy.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A deployment that has turned the demo users off and configured its own. */
public class DemoUsersOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "policy.security.demo-users", "false",
                "policy.security.users.exchange-gateway.password", "gateway-secret",
                "policy.security.users.exchange-gateway.roles", "platform",
                "policy.security.users.compliance.password", "compliance-secret",
                "policy.security.users.compliance.roles", "auditor",
                "quarkus.datasource.jdbc.url", "jdbc:h2:mem:demo-users-off;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    }
}
