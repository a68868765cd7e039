package com.riskpolicy.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The service's user list (docs/api.md, Access): {@code policy.security.users.<name>.password} and
 * {@code .roles}, or {@code POLICY_SECURITY_USERS_<NAME>_PASSWORD} and {@code ..._ROLES}, all read at
 * run time.
 */
@ConfigMapping(prefix = "policy.security")
public interface AccessConfig {

    /** The demo users platform, officer, approver and auditor, each with its name as password. */
    @WithDefault("true")
    boolean demoUsers();

    Map<String, User> users();

    interface User {

        /** In plain text, as in every Quarkus properties realm; keep it in a secret, not in a file. */
        String password();

        /** Comma-separated: platform, risk-officer, auditor. */
        Optional<Set<String>> roles();
    }
}
