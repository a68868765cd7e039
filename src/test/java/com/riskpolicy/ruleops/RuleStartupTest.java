package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSetCompiler;
import com.riskpolicy.rules.ShippedRules;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.util.ExceptionUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service starts on (keep-last-good): the folder when it passes, else the newest recorded
 * rule set, else nothing. The restart itself, on a database a previous run wrote, is
 * {@code RefusedRulesRestartTest}.
 */
class RuleStartupTest {

    private static final RuleFiles SHIPPED = RuleFiles.read(ShippedRules.FOLDER);

    @TempDir
    Path folder;

    private RuleEngine engine() {
        return new RuleEngine(new RuleSetCompiler(1, 1000), folder);
    }

    private void copyShippedRules() {
        ShippedRules.copyTo(folder);
    }

    /** A value deleted: margin-mode.drl:16. */
    private void breakTheFolder() throws IOException {
        copyShippedRules();
        Path drl = folder.resolve("margin-mode.drl");
        Files.writeString(drl, Files.readString(drl).replace("positionQuantity > 0", "positionQuantity >"));
    }

    /** Quarkus prints the message of a ConfigurationException at the root of a startup failure, and nothing else. */
    private static ConfigurationException refusal(Runnable start) {
        ConfigurationException refused = assertThrows(ConfigurationException.class, start::run);
        assertSame(refused, ExceptionUtil.getRootCause(refused), "a cause would be printed as a stack trace instead");
        return refused;
    }

    @Test
    void a_folder_that_passes_is_served() throws IOException {
        copyShippedRules();
        RuleStartup.Choice choice = RuleStartup.choose(engine(), () -> {
            throw new AssertionError("the record is not needed");
        });
        assertTrue(choice.servesFolder());
        assertEquals(SHIPPED.revision(), choice.active().revision());
        assertEquals(SHIPPED.revision(), choice.folderRevision());
    }

    @Test
    void a_refused_folder_falls_back_to_the_newest_recorded_rule_set_and_keeps_its_errors() throws IOException {
        breakTheFolder();
        RuleStartup.Choice choice = RuleStartup.choose(engine(), () -> Optional.of(SHIPPED));

        assertFalse(choice.servesFolder());
        assertEquals(SHIPPED.revision(), choice.active().revision());
        assertEquals(RuleFiles.read(folder).revision(), choice.folderRevision());
        RuleError error = choice.folderErrors().get(0);
        assertEquals("margin-mode.drl", error.file());
        assertEquals(16, error.line());
        String report = RuleStartup.fallbackReport(folder, choice);
        assertTrue(report.contains("were refused at startup (1 error); serving the last good rule set recorded, "
                + SHIPPED.revision() + ", instead"), report);
        assertTrue(report.contains(System.lineSeparator() + "  margin-mode.drl:16:"), report);
    }

    @Test
    void a_refused_folder_with_nothing_recorded_refuses_to_start_with_every_error_and_no_stack_trace() throws IOException {
        breakTheFolder();
        ConfigurationException refused = refusal(() -> RuleStartup.choose(engine(), Optional::empty));
        assertTrue(refused.getMessage().contains("do not pass (1 error) and no earlier rule set is recorded to serve"
                + " instead, so the service does not start:" + System.lineSeparator() + "  margin-mode.drl:16:"),
                refused.getMessage());
    }

    @Test
    void a_recorded_rule_set_that_no_longer_passes_is_not_served_either() throws IOException {
        breakTheFolder();
        Map<String, String> files = new HashMap<>(SHIPPED.contents());
        files.put("risk-parameters.csv", "name,value,description\n");
        RuleFiles noParameters = RuleFiles.of(files);
        ConfigurationException refused = refusal(() -> RuleStartup.choose(engine(), () -> Optional.of(noParameters)));
        assertTrue(refused.getMessage().contains("neither does the last recorded rule set " + noParameters.revision()
                + " (3 errors)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("risk-parameters.csv:1:1: required parameter 'default-leverage' is not defined"),
                refused.getMessage());
    }

    @Test
    void a_missing_folder_refuses_to_start_naming_the_property() {
        ConfigurationException refused = refusal(() -> RuleStartup.choose(
                new RuleEngine(new RuleSetCompiler(1, 1000), folder.resolve("absent")), () -> Optional.of(SHIPPED)));
        assertTrue(refused.getMessage().contains("rules folder not found"), refused.getMessage());
        assertEquals(Set.of("policy.rules.dir"), refused.getConfigKeys());
    }
}
