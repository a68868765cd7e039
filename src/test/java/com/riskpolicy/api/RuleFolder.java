package com.riskpolicy.api;

import static io.restassured.RestAssured.given;

import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.ShippedRules;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The rules folder a test service serves (a copy of the shipped {@code rules/}), edited the way a
 * risk officer would edit it, and put back as shipped afterwards.
 */
final class RuleFolder {

    static final Path SHIPPED = Path.of("rules");

    private final Path folder;

    RuleFolder(Path folder) {
        this.folder = folder;
    }

    /** Copies the shipped rules into {@code folder}, replacing what is there. */
    static RuleFolder copyOfShipped(Path folder) {
        RuleFolder copy = new RuleFolder(folder);
        copy.restore();
        return copy;
    }

    Path path() {
        return folder;
    }

    String read(String file) {
        try {
            return Files.readString(folder.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void replace(String file, String from, String to) {
        String text = read(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " no longer contains: " + from);
        }
        write(file, text.replace(from, to));
    }

    void write(String file, String content) {
        try {
            Files.writeString(folder.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts the shipped files back and has the test service serve them again (as a risk officer): a
     * rollback to the revision it started on, which needs no approval where approvals are required.
     */
    void restoreAndReload() {
        restore();
        given().auth().preemptive().basic("officer", "officer").contentType(ContentType.JSON)
                .body(Map.of("revision", shippedRevision())).post("/v1/rules/rollback").then().statusCode(200);
    }

    /** The revision of the shipped files. */
    static String shippedRevision() {
        return RuleFiles.read(SHIPPED).revision();
    }

    /** Makes the folder hold exactly the shipped files again. */
    void restore() {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> existing = Files.walk(folder)) {
                for (Path file : existing.filter(file -> !file.equals(folder)).sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
            ShippedRules.copy(SHIPPED, folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The removal rule tightened to keep the initial margin covered, with the policy examples that pin
     * it updated as a risk officer would: the rule's new name, and the documentation's E4 (remove 900
     * of 1,000) now denied.
     */
    Map<String, String> tightenedRemovals() {
        return Map.of("isolated-margin.drl", read("isolated-margin.drl").replace(MAINTENANCE_RULE, INITIAL_RULE),
                ShippedRules.REMOVAL_EXAMPLES,
                ShippedRules.tightenedRemovalExamples(read(ShippedRules.REMOVAL_EXAMPLES)));
    }

    /** Writes {@link #tightenedRemovals()} into the folder. */
    void tightenRemovals() {
        tightenedRemovals().forEach(this::write);
    }

    static final String MAINTENANCE_RULE = """
            rule "Removing margin must leave the maintenance margin covered"
            when
                $adjust : MarginAdjustment( action == Action.REMOVE_MARGIN, amount <= isolatedMargin,
                                            marginBalanceAfter <= maintenanceMargin )""";

    static final String INITIAL_RULE = """
            rule "Removing margin must leave the initial margin covered"
            when
                $adjust : MarginAdjustment( action == Action.REMOVE_MARGIN, amount <= isolatedMargin,
                                            marginBalanceAfter < initialMargin )""";
}
