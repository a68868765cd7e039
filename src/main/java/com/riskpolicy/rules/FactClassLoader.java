package com.riskpolicy.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URL;
import java.util.Optional;

/**
 * The class loader Drools compiles and runs rule sets with: the service's own, with the answer to
 * every class and resource name asked remembered, found or not. The service's classes never change
 * while it runs, so an answer stays true.
 *
 * <p>Why: MVEL resolves each name in a constraint by trying it as a class, as is and under every
 * import ({@code ParserConfiguration.checkForDynamicImport}), when a rule set is compiled and again
 * when a constraint is first evaluated (the self-test); the Java compiler of the consequences (ECJ)
 * asks for every import and package as a {@code .class} resource. Most of those names are not
 * there, and in the packaged service each question reached Quarkus' {@code RunnerClassLoader}, which
 * after startup opens the application's jar again to look: 65 % of a reload's time (classes) and
 * then 29 % (resources) in flight recordings of 2026-12-06 (BENCHMARKS.md, Rule reload and startup).
 */
final class FactClassLoader extends ClassLoader {

    /** Far more names than the rules ask: the shipped rules ask a few hundred. */
    private static final int NAMES = 20_000;

    static {
        registerAsParallelCapable();
    }

    private final Cache<String, Optional<Class<?>>> classes = Caffeine.newBuilder().maximumSize(NAMES).build();
    private final Cache<String, Optional<URL>> resources = Caffeine.newBuilder().maximumSize(NAMES).build();

    FactClassLoader(ClassLoader parent) {
        super("rule-facts", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Optional<Class<?>> known = classes.getIfPresent(name);
        if (known == null) {
            try {
                known = Optional.of(getParent().loadClass(name));
            } catch (ClassNotFoundException e) {
                known = Optional.empty();
            }
            classes.put(name, known);
        }
        if (known.isEmpty()) {
            throw new ClassNotFoundException(name);
        }
        return known.get();
    }

    @Override
    public URL getResource(String name) {
        return resources.get(name, found -> Optional.ofNullable(getParent().getResource(found))).orElse(null);
    }
}
