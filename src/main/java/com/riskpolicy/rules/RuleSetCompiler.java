package com.riskpolicy.rules;

import com.riskpolicy.domain.RiskCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.builder.conf.PropertySpecificOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles the files of a rules folder at run time: DRL through Drools' KnowledgeBuilder, the tables
 * through {@link CatalogLoader}. Every error names its file, line and column.
 */
public final class RuleSetCompiler {

    private final ClassLoader factsClassLoader;
    private final int sessionPoolSize;
    private final int maxFirings;
    private final CompiledRuleCache cache;

    /**
     * @param sessionPoolSize sessions kept ready per rule set (the pool grows under load)
     * @param maxFirings      firings after which one evaluation is stopped as runaway
     */
    public RuleSetCompiler(int sessionPoolSize, int maxFirings) {
        this(sessionPoolSize, maxFirings, CompiledRuleCache.off());
    }

    /** @param cache where compiled rule sets are kept, and looked for before compiling */
    public RuleSetCompiler(int sessionPoolSize, int maxFirings, CompiledRuleCache cache) {
        this.factsClassLoader = new FactClassLoader(RiskCatalog.class.getClassLoader());
        this.sessionPoolSize = sessionPoolSize;
        this.maxFirings = maxFirings;
        this.cache = cache;
    }

    /**
     * Compiles without activating anything, or takes the packages the cache kept for the same
     * revision and build; throws with every error found.
     */
    public RuleSet compile(RuleFiles files) throws RuleCompilationException {
        List<RuleError> errors = new ArrayList<>();
        RiskCatalog catalog = CatalogLoader.load(files, errors);
        if (files.contents().keySet().stream().noneMatch(name -> name.endsWith(".drl"))) {
            errors.add(new RuleError("(rules folder)", 1, 1, "no .drl file: a rule set needs rules"));
        }
        String revision = files.revision();
        Optional<Collection<KiePackage>> cached = errors.isEmpty() ? cache.read(revision, factsClassLoader) : Optional.empty();
        if (cached.isPresent()) {
            try {
                return new RuleSet(files, catalog, knowledgeBase(cached.get()), true, sessionPoolSize, maxFirings);
            } catch (RuntimeException | LinkageError e) {
                cache.discard(revision, e);
            }
        }
        Collection<KiePackage> packages = compileDrl(files, errors);
        cache.write(revision, packages);
        return new RuleSet(files, catalog, knowledgeBase(packages), false, sessionPoolSize, maxFirings);
    }

    private InternalKnowledgeBase knowledgeBase(Collection<KiePackage> packages) {
        InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.Factory.get().newKieBaseConfiguration(null, factsClassLoader));
        base.addPackages(packages);
        return base;
    }

    /** Where compiled rule sets are kept. */
    public CompiledRuleCache cache() {
        return cache;
    }

    /** The DRL files' packages; throws with the catalog's errors and the DRL's. */
    private Collection<KiePackage> compileDrl(RuleFiles files, List<RuleError> errors) throws RuleCompilationException {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(builderConfiguration());
        CompositeKnowledgeBuilder batch = builder.batch();
        files.contents().forEach((name, content) -> {
            if (name.endsWith(".drl")) {
                batch.add(ResourceFactory.newByteArrayResource(content.getBytes(StandardCharsets.UTF_8)).setSourcePath(name),
                        ResourceType.DRL);
            }
        });
        batch.build();
        List<RuleError> drlErrors = new ArrayList<>();
        for (KnowledgeBuilderResult result : builder.getResults(ResultSeverity.ERROR)) {
            String file = fileName(result.getResource() == null ? null : result.getResource().getSourcePath());
            int line = result.getLines().length > 0 ? result.getLines()[0] : -1;
            drlErrors.add(DrlErrorLocator.locate(file, files.contents().get(file), line, 0, result.getMessage().strip()));
        }
        errors.addAll(DrlErrorLocator.withoutEchoes(drlErrors));
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors);
        }
        return builder.getKnowledgePackages();
    }

    /**
     * Drools makes every fact class property reactive by default: a rule re-evaluates only when a
     * property its patterns read is modified. The facts here are immutable records and no rule
     * modifies one, so that buys nothing, and working out which properties a constraint reads made
     * Drools warn for every constraint calling a method with a value bound elsewhere
     * ({@code reaches($limit)}: "… causes class reactivity"), about twenty times a compile.
     * ALLOWED keeps property reactivity for classes that ask for it (@PropertyReactive) only.
     */
    private KnowledgeBuilderConfiguration builderConfiguration() {
        KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(factsClassLoader);
        configuration.setOption(PropertySpecificOption.ALLOWED);
        return configuration;
    }

    /** The rules file a message is about: each DRL file is given its name as its path. */
    private static String fileName(String path) {
        return path == null ? "(rules folder)" : path.substring(path.lastIndexOf('/') + 1);
    }
}
