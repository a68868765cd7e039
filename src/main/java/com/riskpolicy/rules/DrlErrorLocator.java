package com.riskpolicy.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every DRL error a line and column a risk officer can jump to. Drools reports parser errors
 * with a position inside the text ("Line 16:72") and expression errors with none at all, but quotes
 * the expression ("[Near : {... a > b ....}]") or names the rule; those are found in the file.
 */
final class DrlErrorLocator {

    private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");
    private static final Pattern NEAR = Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.\\}\\]", Pattern.DOTALL);
    private static final Pattern RULE = Pattern.compile("[Rr]ule[: ]+\"?([^\"\\n]+?)\"?(?:[\\n,:]|$)");
    private static final String ECHO = "Parser returned a null Package";

    private DrlErrorLocator() {
    }

    static RuleError locate(String file, String drl, int line, int column, String message) {
        if (drl != null) {
            Matcher parser = PARSER_POSITION.matcher(message);
            if (parser.find()) {
                return new RuleError(file, Integer.parseInt(parser.group(1)), Integer.parseInt(parser.group(2)) + 1, message);
            }
            if (line <= 0) {
                Matcher near = NEAR.matcher(message);
                if (near.find()) {
                    int[] position = find(drl, near.group(1).strip());
                    if (position != null) {
                        return new RuleError(file, position[0], position[1], message);
                    }
                }
                Matcher rule = RULE.matcher(message);
                if (rule.find()) {
                    int[] position = find(drl, "rule \"" + rule.group(1).strip() + "\"");
                    if (position != null) {
                        return new RuleError(file, position[0], position[1], message);
                    }
                }
            }
        }
        return new RuleError(file, Math.max(line, 1), Math.max(column, 1), message);
    }

    /** Drops "Parser returned a null Package", which only repeats that a file had a syntax error. */
    static List<RuleError> withoutEchoes(List<RuleError> errors) {
        List<RuleError> real = errors.stream().filter(e -> !e.message().contains(ECHO)).toList();
        return real.isEmpty() ? errors : real;
    }

    /** 1-based line and column of the first occurrence of {@code fragment}, or null. */
    private static int[] find(String text, String fragment) {
        int index = text.indexOf(fragment);
        if (index < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }
}
