package com.riskpolicy.access;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.util.ExceptionUtil;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user list the service must not start with is a configuration problem: its reason alone, no stack trace. */
class ConfiguredUsersTest {

    private static AccessConfig config(boolean demoUsers) {
        return new AccessConfig() {
            @Override
            public boolean demoUsers() {
                return demoUsers;
            }

            @Override
            public Map<String, User> users() {
                return Map.of();
            }
        };
    }

    @Test
    void with_the_demo_users_off_and_no_user_the_refusal_is_a_configuration_exception_without_a_cause() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> new ConfiguredUsers(config(false)));
        // What Quarkus looks at to decide between printing the message alone and logging a stack trace
        assertSame(refused, ExceptionUtil.getRootCause(refused));
        assertTrue(refused.getMessage().startsWith("The demo users are off (policy.security.demo-users=false) and no user"
                + " is configured"), refused.getMessage());
    }
}
