package com.riskpolicy.access;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Checks HTTP Basic credentials against the {@link UserList} built from configuration when the
 * service starts; the service does not start on a list that {@link UserList} refuses, and says why
 * in one message. A check is a map look-up and a digest, so it runs on the I/O thread.
 */
@Singleton
public class ConfiguredUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ConfiguredUsers.class);
    /** Compared against when the user is unknown, so that an unknown name takes as long as a wrong password. */
    private static final UserList.User NOBODY = new UserList.User("", new byte[32], Set.of());

    private final UserList users;

    @Inject
    ConfiguredUsers(AccessConfig config) {
        Map<String, String> passwords = new LinkedHashMap<>();
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        config.users().forEach((name, user) -> {
            passwords.put(name, user.password());
            roles.put(name, user.roles().orElse(Set.of()));
        });
        try {
            users = UserList.of(config.demoUsers(), passwords, roles);
        } catch (IllegalStateException refused) {
            // Quarkus prints a ConfigurationException's message alone and exits with status 1, where it
            // logs any other with its stack trace after the reason; without a cause, which it would
            // judge by instead.
            throw new ConfigurationException(refused.getMessage(), Set.of("policy.security.demo-users", "policy.security.users"));
        }
    }

    void atStartup(@Observes StartupEvent event) {
        users.warnings().forEach(LOG::warn);
        LOG.infof("Users who may sign in: %s", String.join(", ", users.names()));
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        UserList.User user = users.user(request.getUsername()).orElse(NOBODY);
        if (!user.accepts(request.getPassword().getPassword()) || user == NOBODY) {
            return Uni.createFrom().failure(new AuthenticationFailedException("wrong user name or password"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles())
                .addCredential(request.getPassword())
                .build());
    }
}
