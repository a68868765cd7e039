package com.riskpolicy.console;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Addresses of console pages that carry free text, for the templates: {@code {link:rule(name, revision)}}. */
@TemplateExtension(namespace = "link")
final class ConsoleLinks {

    private ConsoleLinks() {
    }

    /**
     * The text of the rule named {@code name} in revision {@code revision} (null: the active one):
     * {@link RulePages#rule} answers it with the file that declares the rule, at the rule.
     */
    static String rule(String name, String revision) {
        String link = "/console/rules/rule?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return revision == null ? link : link + "&revision=" + URLEncoder.encode(revision, StandardCharsets.UTF_8);
    }
}
