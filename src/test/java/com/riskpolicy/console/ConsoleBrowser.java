package com.riskpolicy.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its chromedriver, signed in to the console of the
 * service under test. The browser tests share one ({@link #shared()}), started by the first and quit
 * as the test JVM ends; each look at a page is saved under {@code target/console-screenshots/}.
 */
final class ConsoleBrowser {

    private static ConsoleBrowser shared;

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);
    static final List<Dimension> SIZES = List.of(DESKTOP, PHONE);

    final WebDriver driver;

    private ConsoleBrowser(WebDriver driver) {
        this.driver = driver;
    }

    /** The browser of this test JVM, started at the first call. */
    static synchronized ConsoleBrowser shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.driver::quit, "console-browser-quit"));
        }
        return shared;
    }

    private static ConsoleBrowser start() {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new ConsoleBrowser(driver);
    }

    /**
     * {@code path} of the service at {@code console}, with {@code user}'s credentials in the address:
     * the browser signs in with them (every demo user's password is its name).
     */
    static String signedIn(URL console, String user, String path) {
        return console.getProtocol() + "://" + user + ":" + user + "@" + console.getHost() + ":" + console.getPort() + path;
    }

    /** Opens {@code path} signed in as {@code user}, in a window of {@code size}, and saves a screenshot named after it. */
    void look(URL console, String user, String path, Dimension size, String name) {
        driver.manage().window().setSize(size);
        driver.get(signedIn(console, user, path));
        screenshot(name + "-" + size.getWidth() + "x" + size.getHeight());
    }

    void screenshot(String name) {
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(taken, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clicks {@code element} (a link or a form's button) and waits until the page it leads to has
     * loaded: a click may return before the browser has left the page it was on.
     */
    void press(By element) {
        script("window.beforePressing = true");
        driver.findElement(element).click();
        boolean arrived = Await.until(() -> {
            try {
                return Boolean.TRUE.equals(script("return window.beforePressing === undefined && document.readyState === 'complete'"));
            } catch (WebDriverException e) {
                return false; // between the two pages
            }
        }, Duration.ofSeconds(30));
        assertTrue(arrived, () -> "pressing " + element + " led to no new page: " + driver.getCurrentUrl());
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The page is no wider than the window: nothing but a wide table's own box scrolls sideways. */
    void assertFitsTheWindow(Dimension size) {
        int pageWidth = ((Number) script("return document.documentElement.scrollWidth")).intValue();
        assertTrue(pageWidth <= size.getWidth(), () -> "the page " + driver.getCurrentUrl() + " is " + pageWidth
                + " px wide in a " + size.getWidth() + " px window: it scrolls sideways");
    }

    /** A REST call as {@code user} (a demo user, whose password is its name), sending JSON. */
    static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).contentType("application/json");
    }

    static String activeRevision() {
        return as("auditor").get("/v1/rules").jsonPath().getString("revision");
    }
}
