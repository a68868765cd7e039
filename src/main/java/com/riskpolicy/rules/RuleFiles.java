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
 * The files of a rule set by name, sorted: DRL rules and the CSV tables risk officers edit.
 * Other files in the folder (notes, backups) are not part of the rule set.
 */
public record RuleFiles(SortedMap<String, String> contents) {

    public RuleFiles {
        contents = new TreeMap<>(contents);
    }

    public static RuleFiles of(Map<String, String> contents) {
        return new RuleFiles(new TreeMap<>(contents));
    }

    /** Reads every {@code .drl} and {@code .csv} file directly inside {@code folder}. */
    public static RuleFiles read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException("rules folder not found: " + folder.toAbsolutePath()));
        }
        SortedMap<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && isRuleFile(name)) {
                    contents.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuleFiles(contents);
    }

    public static boolean isRuleFile(String name) {
        return name.endsWith(".drl") || name.endsWith(".csv");
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
