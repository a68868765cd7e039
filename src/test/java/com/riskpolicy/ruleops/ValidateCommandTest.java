package com.riskpolicy.ruleops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.ShippedRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line validator a risk officer runs on a folder before anyone reloads it. */
class ValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(Path folder) {
        return ValidateCommand.run(List.of(folder.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path copyOfShipped(Path folder) {
        ShippedRules.copyTo(folder);
        return folder;
    }

    @Test
    void the_shipped_rules_are_valid() {
        assertEquals(0, validate(Path.of("rules")), err.toString());
        assertTrue(out.toString().contains("valid, 14 files, revision sha256:"), out.toString());
        assertTrue(out.toString().contains("rules: 44 of 44 policy examples pass; they fire 22 of 22 rules"), out.toString());
    }

    @Test
    void a_failing_example_is_printed_like_a_compiler_error_and_a_rule_no_example_fires_as_a_warning(@TempDir Path temp)
            throws IOException {
        Path folder = copyOfShipped(temp);
        Path parameters = folder.resolve("risk-parameters.csv");
        Files.writeString(parameters, Files.readString(parameters).replace("margin-call-risk-ratio,0.8,", "margin-call-risk-ratio,0.85,"));

        assertEquals(1, validate(folder));
        Path examples = folder.resolve("examples/liquidation.csv");
        int line = Files.readString(examples).lines().toList().indexOf(Files.readString(examples).lines()
                .filter(l -> l.startsWith("\"A risk ratio of exactly 80 %")).findFirst().orElseThrow()) + 1;
        assertEquals(List.of(examples + ":" + line + ":1: example 'A risk ratio of exactly 80 % raises a margin call: a margin"
                        + " balance of 95 against a maintenance margin of 76': expected MARGIN_CALL, by A risk ratio at the margin-call"
                        + " threshold raises a margin call once, got NONE, no rule fired", "1 error; nothing was activated"),
                err.toString().lines().toList());

        err.reset();
        out.reset();
        Files.writeString(parameters, Files.readString(parameters).replace("margin-call-risk-ratio,0.85,", "margin-call-risk-ratio,0.8,"));
        Files.writeString(examples, Files.readString(examples).lines().filter(l -> !l.contains(",MARGIN_CALL,"))
                .collect(java.util.stream.Collectors.joining("\n")));
        assertEquals(0, validate(folder), err.toString());
        int declared = Files.readString(folder.resolve("liquidation.drl")).lines().toList()
                .indexOf("rule \"A risk ratio at the margin-call threshold raises a margin call once\"") + 1;
        assertTrue(out.toString().contains(folder.resolve("liquidation.drl") + ":" + declared
                + ": warning: no example fires rule 'A risk ratio at the margin-call threshold raises a margin call once'"), out.toString());
    }

    @Test
    void errors_are_printed_like_a_compiler_and_the_status_is_1(@TempDir Path temp) throws IOException {
        Path folder = copyOfShipped(temp);
        Path drl = folder.resolve("isolated-margin.drl");
        Files.writeString(drl, Files.readString(drl).replace("marginBalanceAfter <= maintenanceMargin )",
                "marginBalanceAfter <= maintenanceMargin"));
        Path tiers = folder.resolve("risk-tiers.csv");
        Files.writeString(tiers, Files.readString(tiers).replace("BTCUSDT,1,0,50000,", "BTCUSDT,1,0,5000x,"));

        assertEquals(1, validate(folder));

        List<String> lines = err.toString().lines().toList();
        assertEquals(folder.resolve("risk-tiers.csv") + ":2:13: cap must be a decimal number, got '5000x'", lines.get(0));
        // the pattern left open runs into the next line, which the parser reports
        int next = Files.readString(drl).lines().toList().indexOf("                                marginBalanceAfter <= maintenanceMargin") + 2;
        assertTrue(lines.get(1).startsWith(folder.resolve("isolated-margin.drl") + ":" + next + ":5: "), lines.get(1));
        assertEquals("2 errors; nothing was activated", lines.get(2));
    }

    @Test
    void a_missing_folder_is_status_2(@TempDir Path temp) {
        assertEquals(2, validate(temp.resolve("nowhere")));
        assertTrue(err.toString().contains("rules folder not found"), err.toString());
    }
}
