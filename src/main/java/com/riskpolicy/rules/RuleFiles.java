package com.riskpolicy.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a rule set by name, sorted: DRL rules and the CSV tables risk officers edit, and the
 * policy examples in the folder's {@value #EXAMPLES} subfolder (named {@code examples/<file>.csv}),
 * which travel with the rules they pin. Other files (notes, backups) are not part of the rule set.
 */
public record RuleFiles(SortedMap<String, String> contents) {

    /** The subfolder of the policy examples, as the prefix of their names. */
    public static final String EXAMPLES = "examples/";

    public RuleFiles {
        contents = new TreeMap<>(contents);
    }

    public static RuleFiles of(Map<String, String> contents) {
        return new RuleFiles(new TreeMap<>(contents));
    }

    /**
     * Reads every {@code .drl} and {@code .csv} file directly inside {@code folder}, and every
     * {@code .csv} file directly inside its examples subfolder.
     */
    public static RuleFiles read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException("rules folder not found: " + folder.toAbsolutePath()));
        }
        SortedMap<String, String> contents = new TreeMap<>();
        readInto(contents, folder, "");
        Path examples = folder.resolve(EXAMPLES);
        if (Files.isDirectory(examples)) {
            readInto(contents, examples, EXAMPLES);
        }
        return new RuleFiles(contents);
    }

    private static void readInto(SortedMap<String, String> contents, Path directory, String prefix) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = prefix + file.getFileName().toString();
                if (Files.isRegularFile(file) && isRuleFile(name)) {
                    contents.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rule file's name: {@code <name>.drl} or {@code <name>.csv}, or an example table {@code examples/<name>.csv}. */
    public static boolean isRuleFile(String name) {
        return isExample(name) || (!name.contains("/") && (name.endsWith(".drl") || name.endsWith(".csv")));
    }

    /** Whether {@code name} is a policy example table ({@code examples/<name>.csv}). */
    public static boolean isExample(String name) {
        return name.startsWith(EXAMPLES) && name.endsWith(".csv") && name.indexOf('/', EXAMPLES.length()) < 0;
    }

    /** The policy example tables, by name. */
    public SortedMap<String, String> examples() {
        SortedMap<String, String> examples = new TreeMap<>();
        contents.forEach((name, text) -> {
            if (isExample(name)) {
                examples.put(name, text);
            }
        });
        return examples;
    }

    /** An error at the line that declares {@code rule}, in whichever DRL file holds it. */
    public RuleError atRule(String rule, String message) {
        for (var file : contents.entrySet()) {
            if (!file.getKey().endsWith(".drl")) {
                continue;
            }
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("rule \"" + rule + "\"")) {
                    return new RuleError(file.getKey(), i + 1, lines[i].indexOf("rule") + 1, message);
                }
            }
        }
        return new RuleError("(rules folder)", 1, 1, message);
    }

    /** {@code sha256:} over the sorted file names and contents. */
    public String revision() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (var file : contents.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
