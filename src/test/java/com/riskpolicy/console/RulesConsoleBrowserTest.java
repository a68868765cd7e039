package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.DESKTOP;
import static com.riskpolicy.console.ConsoleBrowser.PHONE;
import static com.riskpolicy.console.ConsoleBrowser.SIZES;
import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The console's rules pages in a real browser: the files of the rule set in force, a tier table as a
 * table, a rule at its anchor, two revisions side by side, a rollback confirmed and then shown on the
 * overview, and a decision's fired rule leading to the rule's text. Each page at both sizes.
 */
@QuarkusTest
class RulesConsoleBrowserTest {

    private static final String REMOVAL_RULE = "Removing margin must leave the maintenance margin covered";
    private static final String REMOVAL_ANCHOR = "rule-removing-margin-must-leave-the-maintenance-margin-covered";

    private final ConsoleBrowser browser = ConsoleBrowser.shared();

    @TestHTTPResource("/console/")
    URL console;

    /** Opens {@code path} as {@code user} at {@code size}, saves a screenshot and checks that the page fits. */
    private void look(String user, String path, Dimension size, String name) {
        browser.look(console, user, path, size, name);
        browser.assertFitsTheWindow(size);
    }

    private String text(By by) {
        return browser.driver.findElement(by).getText();
    }

    @Test
    void the_rules_page_lists_the_files_in_force_on_a_desktop_and_on_a_phone() {
        for (Dimension size : SIZES) {
            look("officer", "/console/rules", size, "rules-officer");
            assertEquals("Rules · Risk policy console", browser.driver.getTitle());
            assertEquals(activeRevision(), text(By.id("active-revision")));
            assertTrue(!browser.driver.findElements(By.cssSelector("a[href='/console/rules/files/risk-tiers.csv']")).isEmpty());
            assertTrue(!browser.driver.findElements(By.cssSelector("tr.revision")).isEmpty(), "the history lists an activation");
        }
        look("auditor", "/console/rules", DESKTOP, "rules-auditor");
        assertTrue(browser.driver.findElements(By.cssSelector("a.rollback")).isEmpty(), "an auditor is offered a rollback");
    }

    @Test
    void a_tier_table_is_shown_as_a_table() {
        for (Dimension size : SIZES) {
            look("auditor", "/console/rules/files/risk-tiers.csv", size, "rules-file-csv");
            List<String> header = browser.driver.findElements(By.cssSelector("#csv thead th")).stream().map(WebElement::getText).toList();
            assertEquals(List.of("symbol", "tier", "floor", "cap", "max_leverage", "maintenance_margin_rate", "maintenance_amount"),
                    header);
            List<String> first = browser.driver.findElements(By.cssSelector("#csv tbody tr:first-child td")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("BTCUSDT", "1", "0", "50000", "125", "0.004", "0"), first);
        }
    }

    @Test
    void a_drl_file_shows_each_rule_at_its_anchor() {
        for (Dimension size : SIZES) {
            look("auditor", "/console/rules/files/isolated-margin.drl#" + REMOVAL_ANCHOR, size, "rules-file-drl");
            WebElement rule = browser.driver.findElement(By.id(REMOVAL_ANCHOR));
            assertTrue(rule.getText().contains("rule \"" + REMOVAL_RULE + "\""), rule.getText());
            assertEquals(Boolean.TRUE, browser.script("return arguments[0].matches(':target')", rule), "the rule is the page's target");
        }
    }

    @Test
    void two_revisions_side_by_side_and_a_confirmed_rollback_shown_on_the_overview() {
        String started = activeRevision();
        String note = "(compared in the browser)";
        try {
            String commented = CommentedRevision.activate(note);

            // the form's default: the newest activation against the one before it
            look("officer", "/console/rules", DESKTOP, "rules-history");
            assertEquals(started, browser.driver.findElement(By.name("from")).getDomProperty("value"));
            assertEquals(commented, browser.driver.findElement(By.name("to")).getDomProperty("value"));
            browser.press(By.cssSelector("form[action='/console/rules/diff'] button"));
            for (Dimension size : SIZES) {
                browser.driver.manage().window().setSize(size);
                WebElement changed = browser.driver.findElement(By.xpath("//tr[td[contains(@class,'old') and contains(@class,'removed')]]"));
                assertEquals(CommentedRevision.SHIPPED_LINE, changed.findElement(By.cssSelector("td.old")).getText());
                assertEquals(CommentedRevision.changedLine(note), changed.findElement(By.cssSelector("td.new.added")).getText());
                assertEquals("1", changed.findElement(By.cssSelector("th.old-number")).getText());
                assertEquals("1", changed.findElement(By.cssSelector("th.new-number")).getText());
                browser.assertFitsTheWindow(size);
                browser.screenshot("rules-diff-" + size.getWidth() + "x" + size.getHeight());
            }

            browser.driver.manage().window().setSize(DESKTOP);
            browser.driver.get(ConsoleBrowser.signedIn(console, "officer", "/console/rules"));
            browser.press(By.cssSelector("tr.revision[data-revision='" + started + "'] a.rollback"));
            assertEquals(started, text(By.id("rollback-target")));
            assertTrue(text(By.id("rollback-changes")).contains("isolated-margin.drl is modified"), text(By.id("rollback-changes")));
            assertTrue(text(By.id("rollback-effect")).startsWith("It is activated at once"), text(By.id("rollback-effect")));
            browser.screenshot("rules-rollback-1280x800");
            browser.driver.manage().window().setSize(PHONE);
            browser.assertFitsTheWindow(PHONE);
            browser.screenshot("rules-rollback-390x844");
            browser.press(By.id("confirm-rollback"));

            assertTrue(text(By.id("rollback-outcome")).contains("Rolled back: revision " + started + " is in force."),
                    text(By.id("rollback-outcome")));
            browser.assertFitsTheWindow(PHONE);
            browser.screenshot("rules-rolled-back-390x844");
            look("officer", "/console/", DESKTOP, "overview-rolled-back");
            assertEquals(started, text(By.id("cluster-revision")));
        } finally {
            CommentedRevision.rollBackTo(started);
        }
    }

    @Test
    void a_rule_that_fired_on_a_decision_leads_to_its_text() {
        String decisionId = ConsoleBrowser.as("platform").body(Map.of(
                        "action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", "921"),
                        "facts", Map.of("account", Map.of("accountId", "console-rules", "balances", Map.of("USDT", "0")),
                                "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                                "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                                        "entryPrice", "20000", "leverage", "20", "mode", "ISOLATED", "isolatedMargin", "1000")),
                                "orders", List.of(), "markPrices", Map.of("BTCUSDT", "20000"))))
                .post("/v1/decisions").then().statusCode(200).body("decision", equalTo("DENY")).extract().path("decisionId");
        // the decision log is written in the background
        assertTrue(Await.until(() -> ConsoleBrowser.as("auditor").get("/v1/decisions/" + decisionId).statusCode() == 200,
                Duration.ofSeconds(5)), "decision " + decisionId + " is not logged");

        for (Dimension size : SIZES) {
            look("auditor", "/console/decisions/" + decisionId, size, "decision-rule-links");
            assertEquals(REMOVAL_RULE, text(By.cssSelector(".violation .rule")));
            browser.press(By.xpath("//li[@class='fired-rule']/a[text()='" + REMOVAL_RULE + "']"));
            assertTrue(browser.driver.getCurrentUrl().endsWith("/console/rules/files/isolated-margin.drl#" + REMOVAL_ANCHOR),
                    browser.driver.getCurrentUrl());
            assertTrue(text(By.id(REMOVAL_ANCHOR)).contains("rule \"" + REMOVAL_RULE + "\""), text(By.id(REMOVAL_ANCHOR)));
            browser.assertFitsTheWindow(size);
            browser.screenshot("rule-of-a-decision-" + size.getWidth() + "x" + size.getHeight());
        }
    }

    @Test
    void an_unknown_file_is_a_page_that_says_so() {
        for (Dimension size : SIZES) {
            look("auditor", "/console/rules/files/nowhere.drl", size, "rules-file-unknown");
            assertTrue(text(By.id("problem-message")).contains("has no file nowhere.drl"), text(By.id("problem-message")));
        }
    }
}
