package com.riskpolicy.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Gherkin {@code Rule:} a scenario sits under. Its sentence is the name of the rule in
 * {@code rules/} that must decide the scenario (style item 4), so "denied ... under this rule"
 * checks the decision names exactly that rule.
 */
final class FeatureRules {

    private static final Pattern RULE = Pattern.compile("^\\s*Rule:\\s*(.+?)\\s*$");
    private static final String CLASSPATH = "classpath";

    private FeatureRules() {
    }

    /** The sentence of the last {@code Rule:} above {@code line} (1-based) in the feature at {@code uri}. */
    static String enclosingRule(URI uri, int line) {
        List<String> lines = read(uri);
        for (int index = Math.min(line, lines.size()) - 1; index >= 0; index--) {
            Matcher rule = RULE.matcher(lines.get(index));
            if (rule.matches()) {
                return rule.group(1);
            }
        }
        throw new IllegalStateException("the scenario at " + uri + ":" + line + " is not under a Rule:");
    }

    private static List<String> read(URI uri) {
        try {
            if (CLASSPATH.equals(uri.getScheme())) {
                String resource = uri.getSchemeSpecificPart().replaceFirst("^/", "");
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("feature not found on the classpath: " + uri);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                }
            }
            return Files.readAllLines(Path.of(uri), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
    }
}
