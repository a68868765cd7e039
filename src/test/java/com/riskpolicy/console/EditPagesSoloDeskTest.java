package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static com.riskpolicy.console.ConsoleBrowser.as;
import static com.riskpolicy.console.EditPagesTest.FILE;
import static com.riskpolicy.console.EditPagesTest.form;
import static com.riskpolicy.console.EditPagesTest.shipped;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.riskpolicy.api.SoloRiskDeskTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's editor on a desk of one ({@code policy.rules.approvals-required=0}): proposing a valid file activates it. */
@QuarkusTest
@TestProfile(SoloRiskDeskTest.NoApprovals.class)
class EditPagesSoloDeskTest {

    @Test
    void proposing_a_valid_file_from_the_editor_activates_it_at_once_and_its_page_says_so() {
        String before = activeRevision();
        try {
            form("officer").get("/console/edit").then().statusCode(200)
                    .body(containsString("Propose activates")).body(containsString("no approval is required here."));
            String location = form("officer").formParam("file", FILE).formParam("text", shipped() + "// desk of one\n")
                    .formParam("reason", "A desk of one").formParam("intent", "propose")
                    .post("/console/edit").then().statusCode(303).extract().header("Location");
            String page = location.substring(location.indexOf("/console/proposals/"));

            form("auditor").get(page).then().statusCode(200)
                    .body(containsString("<span id=\"status\" class=\"ok\">APPROVED</span>"))
                    .body(containsString("Activated by officer"))
                    .body(containsString("Approvals: 0 of 0"));
            assertNotEquals(before, activeRevision());
            form("auditor").get("/console/").then().statusCode(200)
                    .body(containsString("<code id=\"cluster-revision\">" + activeRevision() + "</code>"));
        } finally {
            as("officer").body(Map.of("revision", before)).post("/v1/rules/rollback").then().statusCode(200);
        }
        assertEquals(before, activeRevision());
    }
}
