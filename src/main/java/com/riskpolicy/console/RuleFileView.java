package com.riskpolicy.console;

import com.riskpolicy.rules.CsvTable;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of a rule set as the console shows it: a CSV table as a table (read as the rules read
 * it, {@link CsvTable}), anything else as numbered lines; in a DRL file each rule's declaration
 * line carries an anchor derived from the rule's name, which a rule's link points at.
 *
 * @param kind   {@code csv} or {@code text} (a DRL file is text whose rule lines have anchors)
 * @param lines  every line, numbered from 1 (for a CSV table as well: the table is read from them)
 * @param header a CSV table's header row (empty for text)
 * @param rows   a CSV table's rows after its header (empty for text)
 */
@TemplateData
public record RuleFileView(String name, String kind, List<Line> lines, List<String> header, List<List<String>> rows) {

    /** A {@code rule "Name"} declaration at the start of a line of DRL. */
    private static final Pattern DECLARATION = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NOT_IN_AN_ID = Pattern.compile("[^a-z0-9]+");

    /**
     * A numbered line; {@code anchor} and {@code rule} name the rule a DRL line declares (null on any
     * other line).
     */
    @TemplateData
    public record Line(int number, String text, String anchor, String rule) {
    }

    static RuleFileView of(String name, String text) {
        List<String> texts = lines(text);
        Map<Integer, String> declared = new LinkedHashMap<>();
        if (name.endsWith(".drl")) {
            for (int i = 0; i < texts.size(); i++) {
                Matcher declaration = DECLARATION.matcher(texts.get(i));
                if (declaration.find()) {
                    declared.put(i, declaration.group(1));
                }
            }
        }
        Map<String, String> anchors = anchors(declared.values());
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String rule = declared.get(i);
            lines.add(new Line(i + 1, texts.get(i), rule == null ? null : anchors.get(rule), rule));
        }
        if (name.endsWith(".csv")) {
            List<List<String>> table = CsvTable.lines(text);
            return new RuleFileView(name, "csv", lines, table.isEmpty() ? List.of() : table.get(0),
                    table.isEmpty() ? List.of() : table.subList(1, table.size()));
        }
        return new RuleFileView(name, "text", lines, List.of(), List.of());
    }

    /** The lines that declare a rule, in the file's order. */
    public List<Line> declarations() {
        return lines.stream().filter(line -> line.rule() != null).toList();
    }

    /** The anchor of {@code rule} in this file, if a line of it declares that rule. */
    String anchorOf(String rule) {
        return lines.stream().filter(line -> rule.equals(line.rule())).map(Line::anchor).findFirst().orElse(null);
    }

    /**
     * Each rule's anchor: {@code rule-} and its name in lower case, every run of other characters than
     * letters and digits a hyphen, so that it reads in an address and stays as long as the name does.
     * Two names that come out the same (they differ only in punctuation) are told apart by a count.
     */
    private static Map<String, String> anchors(Iterable<String> rules) {
        Map<String, String> anchors = new LinkedHashMap<>();
        for (String rule : rules) {
            String slug = NOT_IN_AN_ID.matcher(rule.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-|-$", "");
            String anchor = "rule-" + slug;
            for (int n = 2; anchors.containsValue(anchor); n++) {
                anchor = "rule-" + slug + "-" + n;
            }
            anchors.putIfAbsent(rule, anchor);
        }
        return anchors;
    }

    /** The lines of {@code text}, LF or CRLF; a final line break ends the last line rather than opening an empty one. */
    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\\R", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
