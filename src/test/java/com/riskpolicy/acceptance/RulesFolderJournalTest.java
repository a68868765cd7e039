package com.riskpolicy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features edit the rules folder a service serves; whatever stops the run, the folder ends as it
 * was. Interrupted runs are real JVMs here, stopped with SIGTERM (as Ctrl-C stops one) and SIGKILL.
 */
class RulesFolderJournalTest {

    private static final String SERVICE = "http://policy.example:8080";
    private static final String SHIPPED = "rule \"Removing margin\"\n    marginBalanceAfter <= maintenanceMargin )\nend\n";
    private static final String TIGHTENED = SHIPPED.replace("<= maintenanceMargin", "< initialMargin");
    private static final String BROKEN = TIGHTENED.replace(" )", "");
    private static final String EDITED_LINE = "edited";

    @TempDir
    Path temp;
    private Path folder;
    private Path journalFile;
    private final List<String> reloads = new ArrayList<>();

    @BeforeEach
    void aServedFolder() throws IOException {
        folder = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(folder.resolve("isolated-margin.drl"), SHIPPED);
        Files.writeString(folder.resolve("risk-parameters.csv"), "name,value\n");
        journalFile = temp.resolve("target/acceptance/rules-folder-journal.json");
    }

    private String read(String file) throws IOException {
        return Files.readString(folder.resolve(file));
    }

    private String reload(String service) {
        reloads.add(service);
        return "reloaded";
    }

    @Test
    void undo_puts_every_edited_file_back_as_it_was_before_the_first_edit_and_reloads() throws IOException {
        RulesFolderJournal journal = new RulesFolderJournal(journalFile);
        journal.edit(SERVICE, folder, "isolated-margin.drl", text -> TIGHTENED);
        journal.edit(SERVICE, folder, "isolated-margin.drl", text -> BROKEN);
        assertEquals(BROKEN, read("isolated-margin.drl"));

        RulesFolderJournal.Undone undone = journal.undo(this::reload);

        assertEquals(SHIPPED, read("isolated-margin.drl"));
        assertEquals(List.of("isolated-margin.drl"), undone.restored());
        assertEquals(List.of(SERVICE), reloads);
        assertFalse(journal.pending());
        assertFalse(Files.exists(journalFile));
        try (var files = Files.list(folder)) {
            assertEquals(List.of("isolated-margin.drl", "risk-parameters.csv"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void the_next_run_undoes_the_edits_of_a_run_that_never_got_to_undo_them() throws IOException {
        new RulesFolderJournal(journalFile).edit(SERVICE, folder, "isolated-margin.drl", text -> TIGHTENED);

        RulesFolderJournal nextRun = new RulesFolderJournal(journalFile);
        assertTrue(nextRun.pending());
        nextRun.undo(this::reload);

        assertEquals(SHIPPED, read("isolated-margin.drl"));
        assertEquals(List.of(SERVICE), reloads);
        assertFalse(Files.exists(journalFile));
    }

    @Test
    void a_file_someone_changed_since_the_edit_is_left_as_they_left_it() throws IOException {
        String theirs = SHIPPED + "// a risk officer's note\n";
        RulesFolderJournal journal = tightenedThenWritten(theirs);

        RulesFolderJournal.Undone undone = journal.undo(this::reload);

        assertEquals(theirs, read("isolated-margin.drl"));
        assertEquals(List.of("isolated-margin.drl"), undone.changedSince());
        assertEquals(List.of(), reloads);
        assertNull(undone.reload());
    }

    @Test
    void a_file_already_back_is_not_written_but_the_next_run_still_has_the_service_reload_it() throws IOException {
        // a run stopped while the service compiled what it had put back: the file is back, the edit may be in force
        tightenedThenWritten(SHIPPED);
        var writtenAt = Files.getLastModifiedTime(folder.resolve("isolated-margin.drl"));

        RulesFolderJournal.Undone undone = new RulesFolderJournal(journalFile).undo(this::reload);

        assertEquals(List.of("isolated-margin.drl"), undone.alreadyBack());
        assertEquals(writtenAt, Files.getLastModifiedTime(folder.resolve("isolated-margin.drl")));
        assertEquals(List.of(SERVICE), reloads);
        assertFalse(Files.exists(journalFile));
    }

    @Test
    void once_the_run_is_stopping_no_edit_reaches_the_folder() throws IOException {
        RulesFolderJournal journal = new RulesFolderJournal(journalFile);
        journal.edit(SERVICE, folder, "isolated-margin.drl", text -> TIGHTENED);

        journal.close(this::reload);

        assertThrows(IllegalStateException.class,
                () -> journal.edit(SERVICE, folder, "isolated-margin.drl", text -> BROKEN));
        assertEquals(SHIPPED, read("isolated-margin.drl"));
        assertFalse(Files.exists(journalFile));
    }

    @Test
    void a_run_stopped_like_ctrl_c_undoes_its_edits_on_the_way_out() throws Exception {
        stop(editAndWait(), run -> run.destroy());

        assertEquals(SHIPPED, read("isolated-margin.drl"));
        assertFalse(Files.exists(journalFile));
    }

    @Test
    void a_run_killed_with_sigkill_is_undone_by_the_next_run() throws Exception {
        stop(editAndWait(), run -> run.destroyForcibly());

        assertEquals(TIGHTENED, read("isolated-margin.drl"));
        new RulesFolderJournal(journalFile).undo(this::reload);
        assertEquals(SHIPPED, read("isolated-margin.drl"));
        assertEquals(List.of(SERVICE), reloads);
    }

    /** A run in a JVM of its own: it has edited the folder when this returns, and waits to be stopped. */
    private Process editAndWait() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EditingRun.class.getName(),
                journalFile.toString(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        assertEquals(EDITED_LINE, output.readLine(), "the run did not edit the folder");
        return run;
    }

    /** A journal that tightened the rule, after which {@code text} was written into the file by another hand. */
    private RulesFolderJournal tightenedThenWritten(String text) throws IOException {
        RulesFolderJournal journal = new RulesFolderJournal(journalFile);
        journal.edit(SERVICE, folder, "isolated-margin.drl", current -> TIGHTENED);
        Files.writeString(folder.resolve("isolated-margin.drl"), text);
        return journal;
    }

    /** Stops the run with {@code signal} (SIGTERM by destroy, SIGKILL by destroyForcibly) and waits until it is gone. */
    private static void stop(Process run, Consumer<Process> signal) throws InterruptedException {
        signal.accept(run);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run did not exit");
    }

    /** The run: journal with a shutdown hook, as the features do, one edit, then wait for the end. */
    static final class EditingRun {

        public static void main(String[] args) throws IOException {
            RulesFolderJournal journal = new RulesFolderJournal(Path.of(args[0]));
            journal.undoOnExit(service -> "not reloaded: no service in this test");
            journal.edit(SERVICE, Path.of(args[1]), "isolated-margin.drl", text -> TIGHTENED);
            System.out.println(EDITED_LINE);
            System.out.flush();
            // stdin stays open and silent: this blocks until the process is stopped
            System.in.read();
        }
    }
}
