package com.riskpolicy.acceptance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.rules.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The rules folder the service under test serves, and the rule set it had in force when the
 * rule-operations scenarios began: every scenario starts from it, and the folder and the service are
 * back on it after each one, however the run ends.
 *
 * <p>The baseline comes from the service, not from a second copy of the rules: the revision in force
 * and the files the service recorded for it. The folder is where the service says it reads its rules
 * ({@code GET /v1/rules}), or {@code -Dacceptance.rulesDir} where this machine sees it elsewhere.
 *
 * <p>The scenarios edit the folder through one {@link RulesFolderJournal} under {@code target/}:
 * undone after every scenario, on the way out of a stopped run (Ctrl-C), and at the start of the next
 * run after one killed outright.
 *
 * @param service  the service's address
 * @param revision the revision in force when the scenarios began
 * @param files    that revision's files by name
 */
record ServedRules(String service, Path folder, String revision, Map<String, String> files) {

    static final String RULES_DIR_PROPERTY = "acceptance.rulesDir";
    static final Path JOURNAL_FILE = Path.of("target", "acceptance", "rules-folder-journal.json");
    private static final String RELOAD_PATH = "/v1/rules/reload";
    private static final String ROLLBACK_PATH = "/v1/rules/rollback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RulesFolderJournal journal;

    /** The run's journal, holding whatever an interrupted run left in it; undone on the way out. */
    static synchronized RulesFolderJournal journal() {
        if (journal == null) {
            journal = new RulesFolderJournal(JOURNAL_FILE);
            journal.undoOnExit(ServedRules::reload);
        }
        return journal;
    }

    /** The folder the features edit: the property, else the folder the service reports. */
    static Path folder(String reportedByTheService) {
        String configured = System.getProperty(RULES_DIR_PROPERTY);
        String folder = configured != null && !configured.isBlank() ? configured.strip() : reportedByTheService;
        if (folder == null) {
            throw new AssertionError("The service does not say which folder it serves its rules from: name it with -D"
                    + RULES_DIR_PROPERTY + "=<the folder as this machine sees it>");
        }
        return Path.of(folder);
    }

    /** The rule files whose text in the folder is not the baseline's, or that only one of them has; sorted. */
    List<String> differences() {
        Map<String, String> now;
        try {
            now = RuleFiles.read(folder).contents();
        } catch (UncheckedIOException e) {
            throw new AssertionError("Cannot read the rules folder " + folder + " (" + e.getCause().getMessage()
                    + "). If this machine sees the served folder under another path, name it with -D"
                    + RULES_DIR_PROPERTY + ".", e);
        }
        TreeSet<String> names = new TreeSet<>(now.keySet());
        names.addAll(files.keySet());
        return names.stream().filter(name -> !Objects.equals(now.get(name), files.get(name))).toList();
    }

    /**
     * Asks {@code service} to activate what its rules folder holds, as the risk officer, and says how
     * that went. Plain JDK HTTP: this also runs in a shutdown hook, when the test's libraries may be
     * gone.
     */
    /**
     * Has the service serve what its folder holds again, once the journal has put the folder back: a
     * rollback to the folder's revision when the service activated it before (the shipped one, which
     * needs no approval), else a reload (where approvals are required, it is proposed).
     */
    static String reload(String service) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> rules = client.send(officer(service + "/v1/rules").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String folderRevision = rules.statusCode() == 200 ? JSON.readTree(rules.body()).path("folderRevision").asText("") : "";
            if (!folderRevision.isEmpty()) {
                HttpResponse<String> rollback = client.send(officer(service + ROLLBACK_PATH)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + folderRevision + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (rollback.statusCode() != 404) {
                    return "POST " + ROLLBACK_PATH + " to " + folderRevision + " answered " + rollback.statusCode() + " "
                            + rollback.body();
                }
            }
            HttpResponse<String> response = client.send(officer(service + RELOAD_PATH).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            return "POST " + RELOAD_PATH + " answered " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return service + " did not answer the reload (" + e + "); it reads the folder when it next starts";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the reload was interrupted";
        }
    }

    private static HttpRequest.Builder officer(String uri) {
        return HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", RiskPolicyService.officerAuthorization())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2));
    }
}
