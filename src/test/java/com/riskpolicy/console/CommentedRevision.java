package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static com.riskpolicy.console.ConsoleBrowser.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.util.Map;

/**
 * A revision of the rules that differs from the one in force by one comment line of
 * {@value #FILE}, activated as a risk desk would: proposed by "officer" and approved by "approver".
 * A test that activates one rolls back to the revision it started from when it ends.
 */
final class CommentedRevision {

    static final String FILE = "isolated-margin.drl";
    /** The first line of {@value #FILE} as shipped. */
    static final String SHIPPED_LINE = "// Adding margin to and removing margin from an isolated position.";

    private CommentedRevision() {
    }

    /** The line {@link #SHIPPED_LINE} becomes in the revision {@link #activate} activates with {@code note}. */
    static String changedLine(String note) {
        return SHIPPED_LINE + " " + note;
    }

    /** Activates the rule set in force with its first comment line ending in {@code note}; its revision. */
    static String activate(String note) {
        String text = as("auditor").get("/v1/rules/revisions/" + activeRevision()).then().statusCode(200)
                .extract().jsonPath().getString("contents.'" + FILE + "'");
        if (!text.startsWith(SHIPPED_LINE + "\n")) {
            throw new AssertionError(FILE + " no longer starts with: " + SHIPPED_LINE);
        }
        String changed = changedLine(note) + text.substring(SHIPPED_LINE.length());
        JsonPath proposed = as("officer").body(Map.of("files", Map.of(FILE, changed), "reason", "A comment: " + note))
                .post("/v1/rules/proposals").then().statusCode(201).body("status", equalTo("OPEN")).extract().jsonPath();
        as("approver").post("/v1/rules/proposals/" + proposed.getLong("proposalId") + "/approvals").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        assertEquals(proposed.getString("revision"), activeRevision());
        return proposed.getString("revision");
    }

    /** Rolls back to {@code revision} (one the service started on, or once approved: at once) unless it is in force. */
    static void rollBackTo(String revision) {
        if (!revision.equals(activeRevision())) {
            as("officer").body(Map.of("revision", revision)).post("/v1/rules/rollback").then().statusCode(200);
        }
        assertEquals(revision, activeRevision());
    }
}
