package com.riskpolicy.access;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who is asking: the authenticated user of a request, else "anonymous"; "system" outside a request,
 * "folder-watcher" for what the rules folder watcher does.
 */
public final class Caller {

    public static final String SYSTEM = "system";
    public static final String ANONYMOUS = "anonymous";
    public static final String FOLDER_WATCHER = "folder-watcher";

    private Caller() {
    }

    public static String of(SecurityContext security) {
        if (security == null) {
            return SYSTEM;
        }
        Principal principal = security.getUserPrincipal();
        return principal == null || principal.getName() == null || principal.getName().isEmpty() ? ANONYMOUS : principal.getName();
    }
}
