package com.riskpolicy.rules;

import com.riskpolicy.domain.RiskCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.builder.conf.PropertySpecificOption;

/**
 * Compiles the files of a rules folder at run time: DRL through Drools' KieBuilder, the tables
 * through {@link CatalogLoader}. Every error names its file, line and column.
 */
public final class RuleSetCompiler {

    private static final String RESOURCE_ROOT = "src/main/resources/";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);
    private static final AtomicLong BUILDS = new AtomicLong();

    private final ClassLoader factsClassLoader;
    private final int sessionPoolSize;
    private final int maxFirings;

    /**
     * @param sessionPoolSize sessions kept ready per rule set (the pool grows under load)
     * @param maxFirings      firings after which one evaluation is stopped as runaway
     */
    public RuleSetCompiler(int sessionPoolSize, int maxFirings) {
        this.factsClassLoader = new FactClassLoader(RiskCatalog.class.getClassLoader());
        this.sessionPoolSize = sessionPoolSize;
        this.maxFirings = maxFirings;
    }

    /** Compiles without activating anything; throws with every error found. */
    public RuleSet compile(RuleFiles files) throws RuleCompilationException {
        List<RuleError> errors = new ArrayList<>();
        RiskCatalog catalog = CatalogLoader.load(files, errors);
        if (files.contents().keySet().stream().noneMatch(name -> name.endsWith(".drl"))) {
            errors.add(new RuleError("(rules folder)", 1, 1, "no .drl file: a rule set needs rules"));
        }

        KieServices kie = KieServices.Factory.get();
        ReleaseId releaseId = kie.newReleaseId("com.riskpolicy.rules", "rule-set-" + BUILDS.incrementAndGet(), "1.0.0");
        KieFileSystem fileSystem = kie.newKieFileSystem();
        fileSystem.generateAndWritePomXML(releaseId);
        fileSystem.writeKModuleXML(moduleWithoutPropertyReactivity(kie).toXML());
        Map<String, String> namesByPath = new HashMap<>();
        files.contents().forEach((name, content) -> {
            if (name.endsWith(".drl")) {
                String path = RESOURCE_ROOT + folderOf(content) + name;
                namesByPath.put(path, name);
                fileSystem.write(path, content);
            }
        });
        KieBuilder builder = kie.newKieBuilder(fileSystem, factsClassLoader).buildAll();
        List<RuleError> drlErrors = new ArrayList<>();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            String file = fileName(namesByPath, message.getPath());
            drlErrors.add(DrlErrorLocator.locate(file, files.contents().get(file), message.getLine(),
                    message.getColumn(), message.getText().strip()));
        }
        errors.addAll(DrlErrorLocator.withoutEchoes(drlErrors));
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RuleCompilationException(errors);
        }
        KieContainer container = kie.newKieContainer(releaseId, factsClassLoader);
        kie.getRepository().removeKieModule(releaseId);
        return new RuleSet(files, catalog, container, sessionPoolSize, maxFirings);
    }

    /**
     * Drools makes every fact class property reactive by default: a rule re-evaluates only when a
     * property its patterns read is modified. The facts here are immutable records and no rule
     * modifies one, so that buys nothing, and working out which properties a constraint reads made
     * Drools warn for every constraint calling a method with a value bound elsewhere
     * ({@code reaches($limit)}: "… causes class reactivity"), about twenty times a compile.
     * ALLOWED keeps property reactivity for classes that ask for it (@PropertyReactive) only.
     */
    private static KieModuleModel moduleWithoutPropertyReactivity(KieServices kie) {
        KieModuleModel module = kie.newKieModuleModel();
        module.setConfigurationProperty(PropertySpecificOption.PROPERTY_NAME, PropertySpecificOption.ALLOWED.toString());
        return module;
    }

    private static String fileName(Map<String, String> namesByPath, String path) {
        if (path == null) {
            return "(rules folder)";
        }
        String name = namesByPath.get(path.startsWith(RESOURCE_ROOT) ? path : RESOURCE_ROOT + path);
        return name != null ? name : path.substring(path.lastIndexOf('/') + 1);
    }

    /** Drools wants a DRL file in the folder of its package. */
    private static String folderOf(String drl) {
        Matcher matcher = PACKAGE.matcher(drl);
        return matcher.find() ? matcher.group(1).replace('.', '/') + "/" : "";
    }
}
