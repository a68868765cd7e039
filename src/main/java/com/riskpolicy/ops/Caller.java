package com.riskpolicy.ops;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Who is asking: the authenticated user of the current request, else "anonymous", or "system" outside a request. */
@ApplicationScoped
public class Caller {

    public static final String SYSTEM = "system";

    @Inject
    Instance<SecurityIdentity> identity;

    public String name() {
        if (!Arc.container().requestContext().isActive() || !identity.isResolvable()) {
            return SYSTEM;
        }
        SecurityIdentity current = identity.get();
        return current.isAnonymous() ? "anonymous" : current.getPrincipal().getName();
    }
}
