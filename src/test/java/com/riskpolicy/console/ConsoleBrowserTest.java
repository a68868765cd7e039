package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.DESKTOP;
import static com.riskpolicy.console.ConsoleBrowser.PHONE;
import static com.riskpolicy.console.ConsoleBrowser.activeRevision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromedriver, against
 * the service this test starts. Every page is looked at on a desktop (1280×800) and a phone
 * (390×844), and each look is saved as a screenshot under {@code target/console-screenshots/}.
 * Run by {@code ./mvnw -B verify -Pbrowser} (and by {@code .ci/run}, which installs Chromium).
 */
@QuarkusTest
class ConsoleBrowserTest {

    private final ConsoleBrowser browser = ConsoleBrowser.shared();

    @TestHTTPResource("/console/")
    URL console;

    private String signedIn(String user, String path) {
        return ConsoleBrowser.signedIn(console, user, path);
    }

    private void look(String user, Dimension size, String name) {
        browser.look(console, user, "/console/", size, name);
    }

    @Test
    void a_risk_officer_sees_the_revision_in_force_on_a_desktop_and_on_a_phone() {
        for (Dimension size : new Dimension[] {DESKTOP, PHONE}) {
            look("officer", size, "overview-officer");
            assertEquals("Overview · Risk policy console", browser.driver.getTitle());
            assertEquals("officer", browser.driver.findElement(By.id("user")).getText());
            assertEquals(activeRevision(), browser.driver.findElement(By.id("cluster-revision")).getText());
            assertEquals(activeRevision(), browser.driver.findElement(By.id("served-revision")).getText());
            browser.assertFitsTheWindow(size);
        }
    }

    @Test
    void a_denied_removal_is_counted_on_the_overview_within_seconds() {
        long before = deniedRemovals();
        platform().body(Map.of(
                        "action", "REMOVE_MARGIN", "params", Map.of("symbol", "BTCUSDT", "amount", "921"),
                        "facts", Map.of("account", Map.of("accountId", "console-e5", "balances", Map.of("USDT", "0")),
                                "marginModes", Map.of("BTCUSDT", "ISOLATED"),
                                "positions", List.of(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1",
                                        "entryPrice", "20000", "leverage", "20", "mode", "ISOLATED", "isolatedMargin", "1000")),
                                "orders", List.of(), "markPrices", Map.of("BTCUSDT", "20000"))))
                .post("/v1/decisions").then().statusCode(200).body("decision", equalTo("DENY"));

        // the decision log is written in the background: the page shows it once it is
        long after = Await.until(this::deniedRemovals, denied -> denied > before, Duration.ofSeconds(5));
        assertEquals(before + 1, after);
        browser.screenshot("overview-denied-removal-1280x800");
    }

    /** The denied removals the overview counts in the last minute, as the officer sees it now. */
    private long deniedRemovals() {
        look("officer", DESKTOP, "overview-officer");
        List<WebElement> row = browser.driver.findElements(By.cssSelector("#decisions-REMOVE_MARGIN .denied"));
        return row.isEmpty() ? 0 : Long.parseLong(row.get(0).getText());
    }

    @Test
    void a_denied_check_appears_in_the_decision_log_within_2_s_and_its_detail_names_the_rule() {
        String accountId = "console-" + UUID.randomUUID().toString().substring(0, 8);
        platform().body(Map.of("accountId", accountId, "balances", Map.of("USDT", "5000"))).post("/v1/accounts")
                .then().statusCode(201);
        platform().body(Map.of("price", "20000")).put("/v1/mark-prices/BTCUSDT").then().statusCode(200);
        platform().body(Map.of("mode", "ISOLATED")).put("/v1/accounts/" + accountId + "/margin-modes/BTCUSDT")
                .then().statusCode(200);
        platform().body(Map.of("symbol", "BTCUSDT", "side", "LONG", "quantity", "1", "price", "20000", "leverage", "20"))
                .post("/v1/accounts/" + accountId + "/positions").then().statusCode(201);
        String decisionId = platform().body(Map.of("accountId", accountId, "symbol", "BTCUSDT", "amount", "921"))
                .post("/v1/checks/remove-margin").then().statusCode(200).body("decision", equalTo("DENY"))
                .extract().path("decisionId");

        browser.driver.manage().window().setSize(DESKTOP);
        By link = By.cssSelector("a[href='/console/decisions/" + decisionId + "']");
        boolean listed = Await.until(() -> {
            browser.driver.get(signedIn("officer", "/console/decisions?accountId=" + accountId));
            return !browser.driver.findElements(link).isEmpty();
        }, Duration.ofSeconds(2));
        assertTrue(listed, () -> "decision " + decisionId + " is not on the decision log page within 2 s: " + browser.driver.getPageSource());
        browser.screenshot("decisions-1280x800");
        browser.press(link);

        assertEquals("DENY", browser.driver.findElement(By.id("outcome")).getText());
        assertEquals("Removing margin must leave the maintenance margin covered",
                browser.driver.findElement(By.cssSelector(".violation .rule")).getText());
        browser.screenshot("decision-1280x800");
        browser.driver.manage().window().setSize(PHONE);
        browser.driver.navigate().refresh();
        assertEquals("DENY", browser.driver.findElement(By.id("outcome")).getText());
        browser.assertFitsTheWindow(PHONE);
        browser.screenshot("decision-390x844");
        browser.driver.get(signedIn("officer", "/console/decisions?accountId=" + accountId));
        browser.assertFitsTheWindow(PHONE);
        browser.screenshot("decisions-390x844");
    }

    @Test
    void a_filter_the_log_cannot_read_is_named_on_the_page() {
        look("auditor", DESKTOP, "overview-auditor");
        browser.driver.get(signedIn("auditor", "/console/decisions?outcome=MAYBE&from=yesterday"));
        String errors = browser.driver.findElement(By.cssSelector("[role=alert]")).getText();
        assertTrue(errors.contains("outcome: 'MAYBE' is none of [ALLOW, DENY]"), errors);
        assertTrue(errors.contains("from: 'yesterday' is not a time"), errors);
    }

    private static RequestSpecification platform() {
        return ConsoleBrowser.as("platform");
    }

    @Test
    void an_auditor_reads_the_overview() {
        look("auditor", DESKTOP, "overview-auditor");
        assertTrue(browser.driver.getPageSource().contains("read-only"), browser.driver.getPageSource());
        assertEquals(activeRevision(), browser.driver.findElement(By.id("cluster-revision")).getText());
    }

    @Test
    void a_platform_user_is_refused() {
        look("platform", DESKTOP, "overview-platform-refused");
        assertTrue(browser.driver.findElements(By.id("cluster-revision")).isEmpty(), browser.driver.getPageSource());
        assertTrue(browser.driver.getPageSource().contains("403") || browser.driver.getPageSource().contains("Forbidden"),
                browser.driver.getPageSource());
        given().auth().preemptive().basic("platform", "platform").get("/console/").then().statusCode(403);
    }
}
