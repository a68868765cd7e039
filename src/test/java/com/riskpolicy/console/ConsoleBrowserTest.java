package com.riskpolicy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromedriver, against
 * the service this test starts. Every page is looked at on a desktop (1280×800) and a phone
 * (390×844), and each look is saved as a screenshot under {@code target/console-screenshots/}.
 * Run by {@code ./mvnw -B verify -Pbrowser} (and by {@code .ci/run}, which installs Chromium).
 */
@QuarkusTest
class ConsoleBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);

    private static WebDriver browser;

    @TestHTTPResource("/console/")
    URL console;

    @BeforeAll
    static void startTheBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The console's address with {@code user}'s credentials in it: the browser signs in with them. */
    private String signedIn(String user) {
        return signedIn(user, console.getPath());
    }

    private String signedIn(String user, String path) {
        return console.getProtocol() + "://" + user + ":" + user + "@" + console.getHost() + ":" + console.getPort() + path;
    }

    private void look(String user, Dimension size, String name) {
        browser.manage().window().setSize(size);
        browser.get(signedIn(user));
        screenshot(name + "-" + size.getWidth() + "x" + size.getHeight());
    }

    private static void screenshot(String name) {
        Path taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(taken, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page is no wider than the window: nothing but a wide table's own box scrolls sideways. */
    private static void assertFitsTheWindow(Dimension size) {
        int pageWidth = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth")).intValue();
        assertTrue(pageWidth <= size.getWidth(), () -> "the page is " + pageWidth + " px wide in a " + size.getWidth()
                + " px window: it scrolls sideways");
    }

    private static String activeRevision() {
        return given().auth().preemptive().basic("auditor", "auditor").get("/v1/rules").jsonPath().getString("revision");
    }

    @Test
    void a_risk_officer_sees_the_revision_in_force_on_a_desktop_and_on_a_phone() {
        for (Dimension size : new Dimension[] {DESKTOP, PHONE}) {
            look("officer", size, "overview-officer");
            assertEquals("Overview · Risk policy console", browser.getTitle());
            assertEquals("officer", browser.findElement(By.id("user")).getText());
            assertEquals(activeRevision(), browser.findElement(By.id("cluster-revision")).getText());
            assertEquals(activeRevision(), browser.findElement(By.id("served-revision")).getText());
            assertFitsTheWindow(size);
        }
    }

    @Test
    void a_denied_removal_is_counted_on_the_overview_within_seconds() {
        long before = deniedRemovals();
        given().auth().preemptive().basic("platform", "platform").contentType("application/json").body(Map.of(
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
        screenshot("overview-denied-removal-1280x800");
    }

    /** The denied removals the overview counts in the last minute, as the officer sees it now. */
    private long deniedRemovals() {
        look("officer", DESKTOP, "overview-officer");
        List<WebElement> row = browser.findElements(By.cssSelector("#decisions-REMOVE_MARGIN .denied"));
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

        browser.manage().window().setSize(DESKTOP);
        By link = By.cssSelector("a[href='/console/decisions/" + decisionId + "']");
        boolean listed = Await.until(() -> {
            browser.get(signedIn("officer", "/console/decisions?accountId=" + accountId));
            return !browser.findElements(link).isEmpty();
        }, Duration.ofSeconds(2));
        assertTrue(listed, () -> "decision " + decisionId + " is not on the decision log page within 2 s: " + browser.getPageSource());
        screenshot("decisions-1280x800");
        browser.findElement(link).click();

        assertEquals("DENY", browser.findElement(By.id("outcome")).getText());
        assertEquals("Removing margin must leave the maintenance margin covered",
                browser.findElement(By.cssSelector(".violation .rule")).getText());
        screenshot("decision-1280x800");
        browser.manage().window().setSize(PHONE);
        browser.navigate().refresh();
        assertEquals("DENY", browser.findElement(By.id("outcome")).getText());
        assertFitsTheWindow(PHONE);
        screenshot("decision-390x844");
        browser.get(signedIn("officer", "/console/decisions?accountId=" + accountId));
        assertFitsTheWindow(PHONE);
        screenshot("decisions-390x844");
    }

    @Test
    void a_filter_the_log_cannot_read_is_named_on_the_page() {
        look("auditor", DESKTOP, "overview-auditor");
        browser.get(signedIn("auditor", "/console/decisions?outcome=MAYBE&from=yesterday"));
        String errors = browser.findElement(By.cssSelector("[role=alert]")).getText();
        assertTrue(errors.contains("outcome: 'MAYBE' is none of [ALLOW, DENY]"), errors);
        assertTrue(errors.contains("from: 'yesterday' is not a time"), errors);
    }

    private static io.restassured.specification.RequestSpecification platform() {
        return given().auth().preemptive().basic("platform", "platform").contentType("application/json");
    }

    @Test
    void an_auditor_reads_the_overview() {
        look("auditor", DESKTOP, "overview-auditor");
        assertTrue(browser.getPageSource().contains("read-only"), browser.getPageSource());
        assertEquals(activeRevision(), browser.findElement(By.id("cluster-revision")).getText());
    }

    @Test
    void a_platform_user_is_refused() {
        look("platform", DESKTOP, "overview-platform-refused");
        assertTrue(browser.findElements(By.id("cluster-revision")).isEmpty(), browser.getPageSource());
        assertTrue(browser.getPageSource().contains("403") || browser.getPageSource().contains("Forbidden"),
                browser.getPageSource());
        given().auth().preemptive().basic("platform", "platform").get("/console/").then().statusCode(403);
    }
}
