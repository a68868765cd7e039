package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.DESKTOP;
import static com.riskpolicy.console.ConsoleBrowser.PHONE;
import static com.riskpolicy.console.ConsoleBrowser.SIZES;
import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static com.riskpolicy.console.ConsoleBrowser.as;
import static com.riskpolicy.console.EditPagesTest.FILE;
import static com.riskpolicy.console.EditPagesTest.FIRST_RULE;
import static com.riskpolicy.console.EditPagesTest.lineOf;
import static com.riskpolicy.console.EditPagesTest.shipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.rules.ShippedRules;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's editor and proposals in a real browser: a risk officer types a syntax error and
 * sees it at its line; proposes an edit that a second officer approves, and the overview shows the
 * new revision; an auditor reads without the buttons. Each page at a desktop's and a phone's size.
 */
@QuarkusTest
class EditConsoleBrowserTest {

    private final ConsoleBrowser browser = ConsoleBrowser.shared();

    @TestHTTPResource("/console/")
    URL console;

    private WebElement find(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private boolean has(String id) {
        return !browser.driver.findElements(By.id(id)).isEmpty();
    }

    /** Presses the button {@code id} and waits until the page its form answers with has loaded. */
    private void press(String id) {
        browser.press(By.id(id));
    }

    /** Puts the editor's caret at the start of {@code line} (1-based), as a click there would. */
    private void caretAtLine(int line) {
        browser.script("""
                const text = document.getElementById('text');
                const lines = text.value.split('\\n');
                let at = 0;
                for (let i = 0; i < arguments[0] - 1; i++) { at += lines[i].length + 1; }
                text.focus();
                text.setSelectionRange(at, at);""", line);
    }

    @Test
    void an_officer_types_a_syntax_error_validates_and_sees_it_at_its_line() {
        int broken = lineOf(shipped(), FIRST_RULE);
        browser.look(console, "officer", "/console/edit?file=" + FILE, DESKTOP, "edit-officer");
        assertEquals("Edit and propose · Risk policy console", browser.driver.getTitle());
        browser.assertFitsTheWindow(DESKTOP);
        caretAtLine(broken);
        find("text").sendKeys("this is not a rule" + Keys.ENTER);
        press("validate");

        assertEquals("not valid", find("verdict").getText());
        String errors = find("errors").getText();
        assertTrue(errors.contains(FILE + ":" + broken + ":"), errors);
        WebElement marked = find("line-" + broken);
        assertEquals("mark", marked.getTagName());
        assertEquals("bad", marked.getAttribute("class"));
        assertTrue(marked.getText().endsWith("this is not a rule"), marked.getText());
        browser.script("arguments[0].scrollIntoView({block: 'center'})", marked);
        browser.screenshot("edit-error-line-1280x800");
        assertEquals("span", find("line-1").getTagName(), "a line without an error is not marked");
        assertTrue(find("text").getAttribute("value").contains("this is not a rule"), "the edited text survives the validation");
        browser.screenshot("edit-error-1280x800");

        // a click on the error puts the editor's caret on its line
        browser.driver.findElement(By.cssSelector("#errors a.error-at[data-line='" + broken + "']")).click();
        Number caret = (Number) browser.script("return document.getElementById('text').selectionStart");
        Number lineStart = (Number) browser.script("""
                const lines = document.getElementById('text').value.split('\\n');
                return lines.slice(0, arguments[0] - 1).reduce((at, line) => at + line.length + 1, 0);""", broken);
        assertEquals(lineStart.intValue(), caret.intValue(), "the caret is at the start of line " + broken);

        browser.driver.manage().window().setSize(PHONE);
        browser.assertFitsTheWindow(PHONE);
        browser.screenshot("edit-error-390x844");
    }

    @Test
    void a_proposal_made_and_approved_in_the_browser_changes_the_revision_on_the_overview() {
        String before = activeRevision();
        try {
            // a decision for the impact to replay
            as("platform").body(ShippedRules.removeNineHundred()).post("/v1/decisions").then().statusCode(200);
            browser.look(console, "officer", "/console/edit?file=" + FILE, DESKTOP, "edit-officer");
            int end = shipped().lines().toList().size() + 1;
            caretAtLine(end);
            String note = "// proposed from the console " + UUID.randomUUID();
            find("text").sendKeys(note + Keys.ENTER);
            press("validate");
            assertEquals("valid", find("verdict").getText());
            assertTrue(find("examples-result").getText().matches("(?s)(\\d+) of \\1 examples pass\\..*"), find("examples-result").getText());
            String impact = find("impact-summary").getText();
            assertTrue(impact.matches("(?s)Logged decisions replayed: [1-9]\\d* \\(the latest\\)\\. Would change: 0 .*"), impact);
            assertTrue(find("line-" + end).getText().endsWith(note), find("line-" + end).getText());
            browser.screenshot("edit-valid-1280x800");

            find("reason").sendKeys("A note proposed from the console");
            press("propose");

            assertTrue(browser.driver.getCurrentUrl().contains("/console/proposals/"), browser.driver.getCurrentUrl());
            assertEquals("OPEN", find("status").getText());
            assertEquals("officer", find("proposed-by").getText());
            assertTrue(find("approvals").getText().startsWith("Approvals: 0 of 1"), find("approvals").getText());
            assertFalse(has("approve"), "the proposer is offered no approval");
            String proposal = browser.driver.getCurrentUrl().replaceFirst("^.*(/console/proposals/\\d+)$", "$1");
            lookAtBothSizes("officer", proposal, "proposal-open");
            lookAtBothSizes("officer", "/console/proposals", "proposals");
            assertTrue(has("open-proposals"), "the open proposal is listed");

            browser.look(console, "approver", proposal, DESKTOP, "proposal-approver");
            press("approve");
            assertEquals("APPROVED", find("status").getText());
            assertTrue(find("approvals").getText().contains("approver"), find("approvals").getText());
            browser.screenshot("proposal-approved-1280x800");

            browser.look(console, "approver", "/console/", DESKTOP, "overview-after-approval");
            String shown = find("cluster-revision").getText();
            assertEquals(activeRevision(), shown);
            assertNotEquals(before, shown);
            assertEquals(find("served-revision").getText(), shown);
        } finally {
            // the revision the service started on is activated again at once
            as("officer").body(Map.of("revision", before)).post("/v1/rules/rollback").then().statusCode(200);
        }
        assertEquals(before, activeRevision());
    }

    @Test
    void an_auditor_reads_the_editor_and_a_proposal_without_a_button_to_change_them() {
        long id = as("officer").body(Map.of("files", Map.of(FILE, shipped() + "// read by an auditor\n"),
                        "reason", "For an auditor to read"))
                .post("/v1/rules/proposals").then().statusCode(201).extract().jsonPath().getLong("proposalId");
        try {
            lookAtBothSizes("auditor", "/console/edit?file=" + FILE, "edit-auditor");
            assertNotNull(find("text").getAttribute("readonly"));
            assertTrue(find("text").getAttribute("value").contains(FIRST_RULE), "the auditor reads the file");
            for (String button : List.of("validate", "propose")) {
                assertFalse(has(button), "an auditor has no " + button + " button");
            }
            lookAtBothSizes("auditor", "/console/proposals/" + id, "proposal-auditor");
            assertEquals("OPEN", find("status").getText());
            for (String button : List.of("approve", "reject", "withdraw")) {
                assertFalse(has(button), "an auditor has no " + button + " button");
            }
        } finally {
            as("officer").post("/v1/rules/proposals/" + id + "/withdrawal").then().statusCode(200);
        }
    }

    private void lookAtBothSizes(String user, String path, String name) {
        for (Dimension size : SIZES) {
            browser.look(console, user, path, size, name);
            browser.assertFitsTheWindow(size);
        }
    }
}
