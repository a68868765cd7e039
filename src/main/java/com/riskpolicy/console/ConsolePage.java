package com.riskpolicy.console;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.SecurityContext;

/** What every console page's layout ({@code console/base.html}) shows: which page it is, and who is signed in. */
final class ConsolePage {

    private ConsolePage() {
    }

    /** {@code template} as page {@code page} of the navigation, for the user signed in. */
    static TemplateInstance of(Template template, String page, SecurityContext security) {
        return template.data("page", page)
                .data("user", security.getUserPrincipal().getName())
                .data("officer", security.isUserInRole("risk-officer"));
    }
}
