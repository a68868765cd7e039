package com.riskpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The service's packages depend downwards only: each may use the packages of the layers below it
 * and none of its own layer or above, so no package reaches back up and there is no cycle. The
 * dependencies are those of the compiled classes, as {@code jdeps -verbose:package} reports them.
 * A new package must be placed in a layer here (and named in the README's Layout).
 */
class PackageDependencyTest {

    /** Lowest first. */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("domain", "access", "cluster"),
            Set.of("domain.fact"),
            Set.of("rules"),
            Set.of("decision", "liquidation"),
            Set.of("decisionlog", "ledger"),
            Set.of("ruleops"),
            Set.of("api", "ops"),
            // the console reads requests as the API does (a what-if is the body of POST /v1/decisions)
            Set.of("console"));

    private static final Pattern EDGE = Pattern.compile("^\\s*com\\.riskpolicy\\.(\\S+)\\s+->\\s+com\\.riskpolicy\\.(\\S+)\\s");

    @Test
    void every_package_uses_only_packages_of_the_layers_below_it() {
        Map<String, Set<String>> uses = dependencies();
        List<String> upwards = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream()
                .filter(to -> layer(to) >= layer(from))
                .forEach(to -> upwards.add(from + " -> " + to)));
        assertEquals(List.of(), upwards, "dependencies that do not point down: " + uses);
    }

    @Test
    void every_package_is_placed_in_a_layer() {
        Set<String> packages = new TreeSet<>(dependencies().keySet());
        dependencies().values().forEach(packages::addAll);
        Set<String> placed = new TreeSet<>();
        LAYERS.forEach(placed::addAll);
        assertEquals(placed, packages);
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package com.riskpolicy." + pkg + " is in no layer of " + LAYERS);
    }

    /** Package (below {@code com.riskpolicy}) to the packages it uses, itself left out. */
    private static Map<String, Set<String>> dependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e",
                "com\\.riskpolicy\\..*", classes().toString());
        assertEquals(0, exit, err.toString());
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                uses.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        }
        assertTrue(uses.size() > 5, "jdeps reported too little to judge: " + out);
        return uses;
    }

    /** The main classes' folder ({@code target/classes}), not the tests'. */
    private static Path classes() {
        try {
            return Path.of(com.riskpolicy.domain.Money.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
