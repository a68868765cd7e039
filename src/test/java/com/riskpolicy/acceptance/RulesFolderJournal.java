package com.riskpolicy.acceptance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An undo log of the edits the features make to the rules folder a service serves, kept on disk so
 * that an interrupted run is undone too: at the end of each scenario, by a shutdown hook on Ctrl-C,
 * or, after a {@code kill -9}, by the next run that opens the same journal file.
 *
 * <p>Each edit is journaled before the file is written: the file's text before the run's first edit
 * of it, and the text the run wrote last. Undo puts the first back only where the folder still holds
 * the second, so it never overwrites what someone else wrote since (a person's edit, a rollback, a
 * build that copied fresh rules). Files are replaced by an atomic move, so a reader, the service's
 * folder watcher included, sees either text and never half of one.
 */
final class RulesFolderJournal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPORARY_SUFFIX = ".acceptance-edit";

    private final Path file;
    private Pending pending;
    /** Set on the way out: the run's threads go on while the JVM shuts down, and must edit nothing more. */
    private boolean closed;

    /** Asks the service that serves the folder to activate what it holds; says how that went. */
    interface Reload {
        String reload(String service);
    }

    /** One edited file: its text before the run touched it, and the text the run last wrote. */
    record Edit(String original, String written) {
    }

    /** What the journal holds while any edit is not undone. */
    record Pending(String service, String folder, Map<String, Edit> files) {
    }

    /**
     * What an undo did, file by file.
     *
     * @param restored     put back to the text they had before the run
     * @param alreadyBack  already held that text (a rollback, or a write the run never got to make)
     * @param changedSince held neither text: someone else's change, left as it was
     * @param reload       how the service's reload went; null when no file is back to its text
     */
    record Undone(String folder, List<String> restored, List<String> alreadyBack, List<String> changedSince,
                  String reload) {

        static final Undone NOTHING = new Undone(null, List.of(), List.of(), List.of(), null);

        /** For the log: what was put back in which folder, and what was left as someone else left it. */
        String describe() {
            return "Rules folder " + folder + ": put back " + restored + " as they were before the features edited them"
                    + (alreadyBack.isEmpty() ? "" : "; " + alreadyBack + " already were")
                    + (changedSince.isEmpty() ? "" : "; left " + changedSince + " as found: changed since the features"
                            + " edited them")
                    + (reload == null ? "" : "; reload: " + reload);
        }
    }

    /** A journal at {@code file}, holding whatever an earlier run left in it. */
    RulesFolderJournal(Path file) {
        this.file = file;
        this.pending = read(file);
    }

    synchronized boolean pending() {
        return pending != null;
    }

    /**
     * Replaces the text of {@code name} in {@code folder} with {@code change} of it, journaling the
     * edit first.
     *
     * @param service the address of the service that serves {@code folder}, for the reload on undo
     */
    synchronized void edit(String service, Path folder, String name, UnaryOperator<String> change) {
        if (closed) {
            throw new IllegalStateException("the run is stopping: the rules folder is no longer edited");
        }
        String absolute = folder.toAbsolutePath().normalize().toString();
        if (pending != null && !(pending.service().equals(service) && pending.folder().equals(absolute))) {
            throw new IllegalStateException("the journal " + file + " still holds edits of " + pending.folder()
                    + " served by " + pending.service() + "; undo them first");
        }
        Path target = Path.of(absolute).resolve(name);
        String current = readText(target);
        String changed = change.apply(current);
        Map<String, Edit> files = new LinkedHashMap<>(pending == null ? Map.of() : pending.files());
        Edit earlier = files.get(name);
        files.put(name, new Edit(earlier == null ? current : earlier.original(), changed));
        Pending next = new Pending(service, absolute, files);
        write(file, toJson(next));
        pending = next;
        write(target, changed);
    }

    /**
     * Undoes every journaled edit that is still in place, asks the service to reload when a file is
     * back to its text, and only then empties the journal. A file may be back before its reload: the
     * run that put it back may have been stopped while the service was compiling, with the edit
     * still in force.
     */
    synchronized Undone undo(Reload reload) {
        if (pending == null) {
            return Undone.NOTHING;
        }
        Path folder = Path.of(pending.folder());
        List<String> restored = new ArrayList<>();
        List<String> alreadyBack = new ArrayList<>();
        List<String> changedSince = new ArrayList<>();
        for (Map.Entry<String, Edit> entry : pending.files().entrySet()) {
            Path target = folder.resolve(entry.getKey());
            deleteIfExists(temporary(target));
            String now = Files.exists(target) ? readText(target) : null;
            if (entry.getValue().original().equals(now)) {
                alreadyBack.add(entry.getKey());
            } else if (entry.getValue().written().equals(now)) {
                write(target, entry.getValue().original());
                restored.add(entry.getKey());
            } else {
                changedSince.add(entry.getKey());
            }
        }
        boolean back = !restored.isEmpty() || !alreadyBack.isEmpty();
        String reloaded = back ? reload.reload(pending.service()) : null;
        deleteIfExists(file);
        pending = null;
        return new Undone(folder.toString(), restored, alreadyBack, changedSince, reloaded);
    }

    /**
     * Undoes the pending edits when the JVM shuts down (Ctrl-C, SIGTERM, a normal exit), whatever the
     * run was doing, and says so on standard error. With nothing pending it does nothing.
     */
    void undoOnExit(Reload reload) {
        // Loaded now: at shutdown the class loader that holds the tests may already be closed.
        List.of(Undone.class, Edit.class, Pending.class).forEach(Class::getName);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Undone undone = close(reload);
            if (undone != Undone.NOTHING) {
                System.err.println(undone.describe());
            }
        }, "rules-folder-journal-undo"));
    }

    /** Undoes the pending edits and refuses any further one. */
    synchronized Undone close(Reload reload) {
        closed = true;
        return undo(reload);
    }

    private static Pending read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(readText(file), Pending.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the rules-folder journal " + file + " is unreadable (" + e.getOriginalMessage()
                    + "); compare the folder it names with its text, put it right by hand and delete the journal", e);
        }
    }

    private static String toJson(Pending value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes beside {@code target} first, then moves over it in one step. */
    private static void write(Path target, String text) {
        Path temporary = temporary(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hidden, and not a rule file: the service ignores it while it exists. */
    private static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMPORARY_SUFFIX);
    }

    private static void deleteIfExists(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
