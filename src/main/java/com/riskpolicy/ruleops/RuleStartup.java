package com.riskpolicy.ruleops;

import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFailureListener;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What the service starts on, keeping the last good rule set across restarts as OPA keeps its last
 * good bundle: the rules folder when it compiles and passes the self-test; when it does not, the
 * newest activation recorded in the database (what the previous run served last) while the folder's
 * errors are logged and shown, until the folder is fixed and activated; with nothing recorded, or a
 * recorded rule set that no longer passes either, the service does not start. In a cluster (a
 * shared PostgreSQL database) a starting node serves the cluster's active rule set, whatever its own
 * folder holds.
 */
@Singleton
public class RuleStartup {

    private static final Logger LOG = Logger.getLogger(RuleStartup.class);
    private static final String FOLDER_PROPERTY = "policy.rules.dir";

    @Inject
    RuleRevisions revisions;
    @Inject
    Cluster cluster;

    private volatile Choice choice;

    /**
     * What the service started on.
     *
     * @param folderRevision the folder's revision at startup
     * @param folderErrors   why the folder was refused; empty when the service serves it
     */
    public record Choice(RuleSet active, String folderRevision, List<RuleError> folderErrors, boolean fromCluster) {

        Choice(RuleSet active, String folderRevision, List<RuleError> folderErrors) {
            this(active, folderRevision, folderErrors, false);
        }

        public boolean servesFolder() {
            return folderErrors.isEmpty() && !fromCluster;
        }
    }

    /**
     * An engine over {@code folder} with the rule set the service starts on active.
     *
     * @throws ConfigurationException when there is nothing good to serve: Quarkus prints its message,
     *                                which names every error, and exits with status 1
     */
    public RuleEngine engine(RuleSetCompiler compiler, Path folder, RuleFailureListener failures) {
        RuleEngine engine = new RuleEngine(compiler, folder, failures);
        Choice chosen = cluster.shared() ? chooseInCluster(engine, revisions::latest) : choose(engine, revisions::latest);
        engine.activate(chosen.active());
        String compiled = chosen.active().fromCache() ? "; compiled at an earlier start, kept in " + compiler.cache() : "";
        if (chosen.fromCluster()) {
            LOG.infof("Rule set %s active: the cluster's, as recorded in the database%s%s", chosen.active().revision(),
                    chosen.active().revision().equals(chosen.folderRevision()) ? ""
                            : "; the files in " + absolute(folder) + " differ (" + chosen.folderRevision()
                            + ") and are activated only by a reload on this node", compiled);
        } else if (chosen.servesFolder()) {
            LOG.infof("Rule set %s active: %d files from %s%s", chosen.active().revision(), chosen.active().files().size(),
                    absolute(folder), compiled);
        } else {
            LOG.error(fallbackReport(engine.folder(), chosen));
        }
        choice = chosen;
        return engine;
    }

    /** What the service started on; null before {@link #engine}. */
    public Choice choice() {
        return choice;
    }

    /**
     * In a cluster, as a single node chooses, but for one case: when the folder passes and differs
     * from the cluster's rule set (the activation recorded last, by any node), the node serves the
     * cluster's, if that passes here, rather than change every node's policy by starting. A refused
     * folder is reported as on a single node; the first node of a new database starts on its folder.
     */
    static Choice chooseInCluster(RuleEngine engine, Supplier<Optional<RuleFiles>> latestRecorded) {
        Choice alone = choose(engine, latestRecorded);
        if (!alone.servesFolder()) {
            return alone;
        }
        Optional<RuleFiles> recorded = latestRecorded.get();
        if (recorded.isEmpty() || recorded.get().revision().equals(alone.active().revision())) {
            return alone;
        }
        SelfTest.Result fromRecord = SelfTest.compileAndCheck(() -> engine.compile(recorded.get()));
        if (fromRecord.passed() == null) {
            LOG.errorf("The cluster's rule set %s does not pass on this node (%s); serving the folder:%s",
                    recorded.get().revision(), count(fromRecord.errors()), lines(fromRecord.errors()));
            return alone;
        }
        return new Choice(fromRecord.passed(), alone.folderRevision(), List.of(), true);
    }

    /**
     * The folder if it passes, else the newest recorded rule set if that passes.
     *
     * @throws ConfigurationException when the folder cannot be read, or neither passes
     */
    static Choice choose(RuleEngine engine, Supplier<Optional<RuleFiles>> latestRecorded) {
        RuleFiles folder;
        try {
            folder = RuleFiles.read(engine.folder());
        } catch (UncheckedIOException e) {
            throw new ConfigurationException("The service cannot start: " + e.getCause().getMessage()
                    + " (" + FOLDER_PROPERTY + ").", Set.of(FOLDER_PROPERTY));
        }
        SelfTest.Result fromFolder = SelfTest.compileAndCheck(() -> engine.compile(folder));
        if (fromFolder.passed() != null) {
            return new Choice(fromFolder.passed(), folder.revision(), List.of());
        }
        Optional<RuleFiles> recorded = latestRecorded.get().filter(files -> !files.revision().equals(folder.revision()));
        if (recorded.isEmpty()) {
            throw new ConfigurationException("The rules in " + absolute(engine.folder()) + " do not pass ("
                    + count(fromFolder.errors()) + ") and no earlier rule set is recorded to serve instead, so the"
                    + " service does not start:" + lines(fromFolder.errors()), Set.of(FOLDER_PROPERTY));
        }
        SelfTest.Result fromRecord = SelfTest.compileAndCheck(() -> engine.compile(recorded.get()));
        if (fromRecord.passed() == null) {
            throw new ConfigurationException("The rules in " + absolute(engine.folder()) + " do not pass ("
                    + count(fromFolder.errors()) + "), and neither does the last recorded rule set "
                    + recorded.get().revision() + " (" + count(fromRecord.errors()) + "), so the service does not"
                    + " start. The folder:" + lines(fromFolder.errors()) + System.lineSeparator()
                    + "The last recorded rule set:" + lines(fromRecord.errors()), Set.of(FOLDER_PROPERTY));
        }
        return new Choice(fromRecord.passed(), folder.revision(), fromFolder.errors());
    }

    /** What the log says, at ERROR, when the service starts on the recorded rule set. */
    static String fallbackReport(Path folder, Choice choice) {
        return "The rules in " + absolute(folder) + " (" + choice.folderRevision() + ") were refused at startup ("
                + count(choice.folderErrors()) + "); serving the last good rule set recorded, "
                + choice.active().revision() + ", instead. Fix the folder: it is activated once it passes (on the"
                + " watcher's next reload or POST /v1/rules/reload)." + lines(choice.folderErrors());
    }

    private static String count(List<RuleError> errors) {
        return errors.size() + (errors.size() == 1 ? " error" : " errors");
    }

    private static String lines(List<RuleError> errors) {
        return errors.stream().map(error -> System.lineSeparator() + "  " + error).collect(Collectors.joining());
    }

    private static Path absolute(Path folder) {
        return folder.toAbsolutePath().normalize();
    }
}
