package com.riskpolicy.ruleops;

import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSetCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The rules folder compiled and self-tested on a thread of its own while Quarkus boots (migrations,
 * Hibernate, the HTTP server), for {@link RuleStartup} to take instead of compiling it again. On two
 * cores the two overlap: the rules cold were about two thirds of the time to ready (BENCHMARKS.md,
 * Rule reload and startup).
 *
 * <p>{@link #start} runs before Quarkus has read its configuration, so it reads the folder and the
 * compiler's settings as the configuration would (system property, environment variable,
 * {@code application.properties}, without profiles): a guess. {@link RuleStartup} takes the result
 * only for the very files it reads itself and a compiler with the same settings; otherwise it
 * compiles as it always did, and the early work is thrown away. Startup stays as honest as before:
 * the service is ready only once the rule set it serves has compiled and passed its self-test.
 */
public final class EarlyCompile {

    private static final Logger LOG = Logger.getLogger(EarlyCompile.class);
    private static final String FOLDER = "policy.rules.dir";
    private static final String POOL = "policy.rules.session-pool-size";
    private static final String MAX_FIRINGS = "policy.rules.max-firings";

    /** A compile started early: its compiler and, once done, the files it read and what it found. */
    private record Started(RuleSetCompiler compiler, CompletableFuture<Compiled> compiled) {
    }

    private record Compiled(RuleFiles files, SelfTest.Result result) {
    }

    private static final AtomicReference<Started> STARTED = new AtomicReference<>();

    private EarlyCompile() {
    }

    /** Starts compiling the folder the configuration names, if it can be read; never throws. */
    public static void start() {
        try {
            Properties application = new Properties();
            try (InputStream in = EarlyCompile.class.getClassLoader().getResourceAsStream("application.properties")) {
                if (in != null) {
                    application.load(in);
                }
            }
            Path folder = Path.of(setting(application, FOLDER, "rules"));
            RuleSetCompiler compiler = new RuleSetCompiler(Integer.parseInt(setting(application, POOL, "16")),
                    Integer.parseInt(setting(application, MAX_FIRINGS, "10000")));
            CompletableFuture<Compiled> compiled = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    RuleFiles files = RuleFiles.read(folder);
                    compiled.complete(new Compiled(files, SelfTest.compileAndCheck(() -> compiler.compile(files))));
                } catch (RuntimeException | Error e) {
                    compiled.completeExceptionally(e);
                }
            }, "rules-early-compile");
            thread.setDaemon(true);
            STARTED.set(new Started(compiler, compiled));
            thread.start();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("The rules folder is compiled at startup, not ahead: %s", e.getMessage());
        }
    }

    /**
     * What the early compile found for {@code files} with {@code compiler}'s settings, waiting for it
     * if it is still running; empty when none was started, or it read other files or compiled
     * otherwise. Taken once: a second call finds nothing.
     */
    static Optional<SelfTest.Result> take(RuleFiles files, RuleSetCompiler compiler) {
        Started started = STARTED.getAndSet(null);
        if (started == null) {
            return Optional.empty();
        }
        Compiled compiled;
        try {
            compiled = started.compiled().get();
        } catch (ExecutionException e) {
            LOG.debugf("The early compile of the rules folder failed (%s): compiling it again", e.getCause());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!compiled.files().equals(files) || !started.compiler().compilesAlike(compiler)) {
            LOG.debugf("The early compile read %s with other settings or files: compiling the folder again",
                    compiled.files().revision());
            if (compiled.result().passed() != null) {
                compiled.result().passed().retire();
            }
            return Optional.empty();
        }
        return Optional.of(compiled.result());
    }

    private static String setting(Properties application, String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        if (value == null) {
            value = application.getProperty(name, otherwise);
        }
        return value.trim();
    }
}
