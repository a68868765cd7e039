package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSetCompiler;
import com.riskpolicy.rules.ShippedRules;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules folder compiled while the service boots is taken only for the very files the startup
 * reads, compiled with the same settings; otherwise the startup compiles as it always did.
 */
class EarlyCompileTest {

    private static final List<String> SETTINGS = List.of("policy.rules.dir", "policy.rules.session-pool-size",
            "policy.rules.max-firings");

    @TempDir
    Path folder;

    @AfterEach
    void forgetTheSettings() {
        SETTINGS.forEach(System::clearProperty);
        EarlyCompile.take(RuleFiles.of(Map.of()), new RuleSetCompiler(1, 1)).ifPresent(result -> {
            if (result.passed() != null) {
                result.passed().retire();
            }
        });
    }

    private void startOnTheShippedRules() {
        ShippedRules.copyTo(folder);
        System.setProperty("policy.rules.dir", folder.toString());
        System.setProperty("policy.rules.session-pool-size", "1");
        System.setProperty("policy.rules.max-firings", "1000");
        EarlyCompile.start();
    }

    @Test
    void theStartupTakesTheFolderCompiledWhileTheServiceBooted() {
        startOnTheShippedRules();

        Optional<SelfTest.Result> taken = EarlyCompile.take(RuleFiles.read(folder), new RuleSetCompiler(1, 1000));

        assertTrue(taken.isPresent());
        assertNotNull(taken.get().passed(), "the shipped rules pass");
        assertEquals(RuleFiles.read(folder).revision(), taken.get().passed().revision());
        taken.get().passed().retire();
        assertTrue(EarlyCompile.take(RuleFiles.read(folder), new RuleSetCompiler(1, 1000)).isEmpty(), "taken once");
    }

    @Test
    void otherFilesThanTheStartupReadsAreCompiledAgain() {
        startOnTheShippedRules();
        Map<String, String> edited = new HashMap<>(RuleFiles.read(folder).contents());
        edited.put("risk-parameters.csv", edited.get("risk-parameters.csv").replace("cross-risk-caution-ratio,0.5,",
                "cross-risk-caution-ratio,0.45,"));

        assertTrue(EarlyCompile.take(RuleFiles.of(edited), new RuleSetCompiler(1, 1000)).isEmpty());
    }

    @Test
    void otherSettingsThanTheStartupCompilesWithAreCompiledAgain() {
        startOnTheShippedRules();

        assertTrue(EarlyCompile.take(RuleFiles.read(folder), new RuleSetCompiler(16, 1000)).isEmpty());
    }

    @Test
    void theStartupStartsAsBeforeWhenNothingWasCompiledEarly() {
        ShippedRules.copyTo(folder);

        RuleStartup.Choice choice = RuleStartup.choose(new RuleEngine(new RuleSetCompiler(1, 1000), folder), Optional::empty);

        assertTrue(choice.servesFolder());
        choice.active().retire();
    }
}
