package com.riskpolicy.ruleops;

import com.riskpolicy.access.Caller;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleFiles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reloads the rules when a file in the rules folder changes, once the folder has been quiet for the
 * debounce time (an editor's save, or a copy of several files, is one reload). Where approvals are
 * required the change becomes a proposal by {@link Caller#FOLDER_WATCHER}, which needs one approval
 * more than an officer's ({@link GovernedRuleOperations}). A refused candidate is logged and shown in
 * {@code GET /v1/rules}; the active rule set keeps serving.
 */
@ApplicationScoped
public class RulesFolderWatcher {

    private static final Logger LOG = Logger.getLogger(RulesFolderWatcher.class);

    @Inject
    RuleEngine engine;
    @Inject
    GovernedRuleOperations operations;
    @ConfigProperty(name = "policy.rules.watch", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "policy.rules.watch-debounce", defaultValue = "PT1S")
    Duration debounce;

    private WatchService watcher;
    private Path examples;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> pending;

    void start(@Observes StartupEvent event) throws IOException {
        if (!enabled) {
            LOG.info("Not watching the rules folder (policy.rules.watch=false): reload with POST /v1/rules/reload");
            return;
        }
        Path folder = engine.folder().toAbsolutePath().normalize();
        watcher = FileSystems.getDefault().newWatchService();
        examples = folder.resolve(RuleFiles.EXAMPLES);
        register(folder);
        if (Files.isDirectory(examples)) {
            register(examples);
        }
        executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "rules-folder-watcher");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::watch);
        LOG.infof("Watching %s: changed rule files are reloaded (or proposed, where approvals are required) after %d ms of quiet", folder, debounce.toMillis());
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (watcher != null) {
            watcher.close();
            executor.shutdownNow();
        }
    }

    private void register(Path directory) throws IOException {
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ruleFileChanged = false;
                for (WatchEvent<?> change : key.pollEvents()) {
                    if (change.context() instanceof Path file && RuleFiles.isRuleFile(file.getFileName().toString())) {
                        ruleFileChanged = true;
                    } else if (change.kind() == StandardWatchEventKinds.OVERFLOW) {
                        ruleFileChanged = true;
                    } else if (change.kind() == StandardWatchEventKinds.ENTRY_CREATE && change.context() instanceof Path file
                            && key.watchable().equals(examples.getParent()) && examples.endsWith(file)) {
                        watchExamples();
                        ruleFileChanged = true;
                    }
                }
                if (ruleFileChanged) {
                    schedule();
                }
                if (!key.reset()) {
                    LOG.errorf("The rules folder %s is gone: no longer watching it", engine.folder());
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The examples subfolder appeared: watched from now on (whatever it already holds is read by the reload). */
    private void watchExamples() {
        try {
            register(examples);
        } catch (IOException e) {
            LOG.errorf("Cannot watch %s: %s; reload with POST /v1/rules/reload after changing an example", examples,
                    e.getMessage());
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = executor.schedule(this::reload, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reload() {
        try {
            operations.reload(ActivationSource.WATCH, Caller.FOLDER_WATCHER, null);
        } catch (RuleReloadException e) {
            // logged with every error by the reload; GET /v1/rules shows them
        } catch (RuntimeException e) {
            LOG.error("Reloading the rules after a change in the folder failed", e);
        }
    }
}
