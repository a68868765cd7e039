package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.fact.ModeSwitch;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.ruleops.PolicyExamples;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled rule sets kept between starts: taken only for the same revision and build, and never trusted blindly. */
class CompiledRuleCacheTest {

    private final RuleFiles shipped = RuleFiles.read(ShippedRules.FOLDER);

    @TempDir
    Path folder;

    private RuleSet compile(RuleFiles files) throws RuleCompilationException {
        return new RuleSetCompiler(1, 100, CompiledRuleCache.in(folder)).compile(files);
    }

    private RuleFiles shippedWithComment(String comment) {
        Map<String, String> files = new HashMap<>(shipped.contents());
        files.put("margin-mode.drl", files.get("margin-mode.drl") + "\n// " + comment + "\n");
        return RuleFiles.of(files);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".rules")).toList();
        }
    }

    private static List<String> violations(RuleSet rules) {
        ModeSwitch withPosition = new ModeSwitch("acc", "BTCUSDT", MarginMode.CROSS, MarginMode.ISOLATED, BigDecimal.ONE, 0);
        return rules.evaluate(List.of(withPosition)).violations().stream().map(Violation::code).toList();
    }

    @Test
    void a_rule_set_kept_by_one_start_is_taken_by_the_next_and_decides_as_the_compiled_one() throws Exception {
        RuleSet compiled = compile(shipped);
        assertFalse(compiled.fromCache());
        assertEquals(1, entries().size());

        RuleSet kept = compile(shipped);

        assertTrue(kept.fromCache());
        assertEquals(compiled.ruleNames(), kept.ruleNames());
        assertEquals(compiled.revision(), kept.revision());
        assertEquals(List.of("OPEN_POSITION_EXISTS"), violations(kept));
        assertEquals(violations(compiled), violations(kept));
        PolicyExamples.Report examples = PolicyExamples.run(kept);
        assertEquals(List.of(), examples.errors());
        assertTrue(examples.examples() > 0);
        assertEquals(PolicyExamples.run(compiled), examples);
    }

    @Test
    void the_folder_made_for_the_cache_is_the_service_users_alone() throws Exception {
        Path made = folder.resolve("made/compiled-rules");
        new RuleSetCompiler(1, 100, CompiledRuleCache.in(made)).compile(shipped);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        try (Stream<Path> entries = Files.list(made)) {
            for (Path entry : entries.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)), entry::toString);
            }
        }
    }

    @Test
    void a_changed_folder_is_compiled_and_kept_beside_the_earlier_one() throws Exception {
        compile(shipped);

        RuleSet changed = compile(shippedWithComment("changed"));

        assertFalse(changed.fromCache());
        assertEquals(2, entries().size());
        assertTrue(compile(shipped).fromCache());
    }

    @Test
    void a_damaged_entry_is_deleted_and_the_folder_compiled_again() throws Exception {
        compile(shipped);
        Path entry = entries().get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 1] ^= 0x5A;
        Files.write(entry, bytes);

        RuleSet recompiled = compile(shipped);

        assertFalse(recompiled.fromCache());
        assertEquals(List.of(), PolicyExamples.run(recompiled).errors());
        assertNotEquals(bytes[bytes.length - 1], Files.readAllBytes(entry)[bytes.length - 1], "written again, whole");
        assertTrue(compile(shipped).fromCache());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void an_entry_whose_packages_drools_cannot_build_is_deleted_and_the_folder_compiled_again() throws Exception {
        CompiledRuleCache cache = CompiledRuleCache.in(folder);
        cache.write(shipped.revision(), (java.util.Collection) List.of("not a package"));

        RuleSet rules = compile(shipped);

        assertFalse(rules.fromCache());
        assertEquals(List.of("OPEN_POSITION_EXISTS"), violations(rules));
        assertTrue(compile(shipped).fromCache(), "the compiled packages were kept in its place");
    }

    @Test
    void an_entry_of_another_revision_is_never_taken_for_this_one() throws Exception {
        RuleFiles other = shippedWithComment("other");
        compile(other);
        CompiledRuleCache cache = CompiledRuleCache.in(folder);
        Files.copy(cache.entry(other.revision()), cache.entry(shipped.revision()), StandardCopyOption.REPLACE_EXISTING);

        RuleSet rules = compile(shipped);

        assertFalse(rules.fromCache());
        assertEquals(shipped.revision(), rules.revision());
    }

    @Test
    void a_cache_that_cannot_be_written_costs_only_the_next_compile() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("a-file"), "not a folder");
        RuleSetCompiler compiler = new RuleSetCompiler(1, 100, CompiledRuleCache.in(notAFolder));

        RuleSet rules = compiler.compile(shipped);

        assertFalse(rules.fromCache());
        assertEquals(List.of("OPEN_POSITION_EXISTS"), violations(rules));
        assertFalse(compiler.compile(shipped).fromCache());
    }

    @Test
    void only_the_eight_newest_entries_are_kept() throws Exception {
        for (int revision = 0; revision < 9; revision++) {
            compile(shippedWithComment("revision " + revision));
            Files.setLastModifiedTime(entries().stream().filter(this::untouched).findFirst().orElseThrow(),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (revision + 1)));
        }

        assertEquals(8, entries().size());
        assertFalse(compile(shippedWithComment("revision 0")).fromCache(), "the oldest went");
    }

    private boolean untouched(Path entry) {
        try {
            return Files.getLastModifiedTime(entry).toMillis() > 1_000_000L * 100;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void no_cache_compiles_every_time_and_keeps_nothing() throws Exception {
        RuleSetCompiler compiler = new RuleSetCompiler(1, 100);

        assertFalse(compiler.compile(shipped).fromCache());
        assertFalse(compiler.compile(shipped).fromCache());
        assertFalse(compiler.cache().isOn());
        assertEquals(List.of(), entries());
    }

    @Test
    void the_build_fingerprint_follows_every_byte_of_the_service_classes() throws Exception {
        Path classes = Files.createDirectories(folder.resolve("classes/com/example"));
        Files.write(classes.resolve("Fact.class"), new byte[] {1, 2, 3});
        byte[] before = CompiledRuleCache.contentsDigest(folder.resolve("classes"));
        assertArrayEquals(before, CompiledRuleCache.contentsDigest(folder.resolve("classes")));

        Files.write(classes.resolve("Fact.class"), new byte[] {1, 2, 4});

        assertFalse(java.util.Arrays.equals(before, CompiledRuleCache.contentsDigest(folder.resolve("classes"))));
        assertTrue(CompiledRuleCache.buildFingerprint().isPresent(), "the tests' classes are a folder: fingerprinted");
    }
}
