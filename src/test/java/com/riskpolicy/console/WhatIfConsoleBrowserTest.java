package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleBrowser.DESKTOP;
import static com.riskpolicy.console.ConsoleBrowser.PHONE;
import static com.riskpolicy.console.ConsoleBrowser.SIZES;
import static com.riskpolicy.console.ConsoleBrowser.as;
import static com.riskpolicy.console.WhatIfConsoleTest.MAINTENANCE_RULE;
import static com.riskpolicy.console.WhatIfConsoleTest.removal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The what-if and liquidations pages in a real browser: the liquidation price on the plot is
 * {@code POST /v1/decisions}' to the cent, a removal that breaks maintenance, made with the keyboard
 * on its slider, shows DENY with its rule and moves the liquidation line; a liquidation a tick made
 * is listed with its rule, with the ADL queue and the fund. Both pages at both sizes.
 */
@QuarkusTest
class WhatIfConsoleBrowserTest {

    /** E4 of docs/margin-policy.md §5 entered in the form, with 5,000 in the cross wallet. */
    private static final String E4 = "/console/what-if?symbol=BTCUSDT&side=LONG&quantity=1&entryPrice=20000&leverage=20"
            + "&mode=ISOLATED&isolatedMargin=1000&balance=5000&markPrice=20000";

    private final ConsoleBrowser browser = ConsoleBrowser.shared();

    @TestHTTPResource("/console/")
    URL console;

    /** The text of element {@code id} now, read at once: the script redraws the plot as answers come. */
    private String text(String id) {
        return (String) browser.script("const e = document.getElementById(arguments[0]); return e ? e.textContent.trim() : null;", id);
    }

    @Test
    void the_liquidation_price_on_the_plot_is_the_stateless_decisions_and_a_removal_that_breaks_maintenance_is_denied() {
        JsonPath api = as("platform").body(removal("what-if-browser", "930")).post("/v1/decisions").then().statusCode(200)
                .extract().jsonPath();
        String before = api.getString("preview.before.liquidationPrice");
        String after = api.getString("preview.after.liquidationPrice");
        assertNotEquals(before, after);

        for (Dimension size : SIZES) {
            browser.look(console, "officer", E4, size, "what-if");
            assertEquals("What-if · Risk policy console", browser.driver.getTitle());
            assertEquals(before, text("liquidation-price"));
            assertEquals(before, text("figure-liquidation-price"));
            browser.assertFitsTheWindow(size);
        }

        browser.driver.manage().window().setSize(DESKTOP);
        browser.driver.navigate().refresh();
        String lineBefore = browser.driver.findElement(By.id("liquidation-price-line")).getAttribute("x1");
        // the keyboard alone: to the whole margin (End), then seven steps of 10 back, to 930
        WebElement slider = browser.driver.findElement(By.id("remove-margin"));
        assertEquals("10", slider.getAttribute("step"));
        slider.sendKeys(Keys.END);
        for (int i = 0; i < 7; i++) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        assertEquals("930", text("remove-margin-value"));
        waitFor("the plot shows the removal's liquidation price " + after, () -> after.equals(text("liquidation-price")));
        assertEquals("DENY", text("decision"));
        assertEquals(MAINTENANCE_RULE, browser.driver.findElement(By.cssSelector("#violations .violation .rule")).getText());
        assertTrue(text("violations").startsWith("MAINTENANCE_MARGIN_BREACH"), text("violations"));
        assertEquals(after, text("figure-liquidation-price"));
        assertNotEquals(lineBefore, browser.driver.findElement(By.id("liquidation-price-line")).getAttribute("x1"));
        browser.screenshot("what-if-remove-930-denied-1280x800");

        // back to nothing removed: the position as it is, and a removal that keeps maintenance is allowed
        slider.sendKeys(Keys.HOME);
        waitFor("the plot shows the position as it is again", () -> before.equals(text("liquidation-price")));
        browser.script("const s = document.getElementById('remove-margin'); s.value = '900';"
                + " s.dispatchEvent(new Event('input', {bubbles: true}));");
        waitFor("a removal of 900 is allowed", () -> !browser.driver.findElements(By.id("decision")).isEmpty()
                && "ALLOW".equals(text("decision")));
        browser.driver.manage().window().setSize(PHONE);
        browser.assertFitsTheWindow(PHONE);
        browser.screenshot("what-if-remove-900-allowed-390x844");
    }

    @Test
    void the_leverage_slider_at_the_first_tiers_highest_leverage_is_allowed_and_puts_the_margin_sliders_back() {
        browser.look(console, "auditor", E4, DESKTOP, "what-if-auditor");
        browser.script("const s = document.getElementById('leverage'); s.value = s.max;"
                + " s.dispatchEvent(new Event('input', {bubbles: true}));");
        waitFor("a decision is shown", () -> !browser.driver.findElements(By.id("decision")).isEmpty());
        // at the highest leverage of the first tier the 20,000 position is allowed (docs §4: exactly at the maximum)
        assertEquals("ALLOW", text("decision"));
        assertEquals("0", text("remove-margin-value"));
        browser.screenshot("what-if-leverage-1280x800");
    }

    @Test
    void a_liquidation_a_tick_made_is_listed_with_its_rule_beside_the_adl_queue_and_the_fund() {
        String symbol = "ETHUSDT";
        String previousMark = as("auditor").get("/v1/contracts/" + symbol).jsonPath().getString("markPrice");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String longAccount = "console-long-" + suffix;
        String shortAccount = "console-short-" + suffix;
        tick(symbol, "2000");
        try {
            String liquidation = isolated(longAccount, symbol, "LONG", "10");
            isolated(shortAccount, symbol, "SHORT", "2");
            // just below the long's liquidation price: what is left of its margin goes to the fund
            String below = new BigDecimal(liquidation).subtract(BigDecimal.ONE).setScale(0, RoundingMode.DOWN).toPlainString();
            tick(symbol, below);

            for (Dimension size : SIZES) {
                browser.look(console, "auditor", "/console/liquidations", size, "liquidations");
                browser.driver.findElement(By.xpath("//select[@id='adl-symbol']/option[text()='" + symbol + "']")).click();
                browser.press(By.cssSelector("form.filters button"));
                waitFor("the page of the " + symbol + " queue", () -> browser.driver.getCurrentUrl().endsWith("symbol=" + symbol)
                        && "complete".equals(browser.script("return document.readyState")));
                WebElement row = browser.driver.findElements(By.cssSelector("tbody.event")).stream()
                        .filter(r -> r.findElement(By.className("account")).getText().equals(longAccount))
                        .findFirst().orElseThrow(() -> new AssertionError(longAccount + " is not listed: "
                                + browser.driver.getPageSource()));
                assertTrue(row.getText().contains("ISOLATED_LIQUIDATION"), row.getText());
                assertTrue(row.findElement(By.className("rule")).getText().contains("its own risk ratio reaches 100 %"),
                        row.getText());
                String queue = browser.driver.findElement(By.cssSelector("table[aria-label='ADL queue of ETHUSDT, SHORT side']"))
                        .getText();
                assertTrue(queue.contains(shortAccount), queue);
                assertTrue(browser.driver.findElements(By.cssSelector("tr.movement")).stream()
                        .anyMatch(r -> r.getText().contains("ISOLATED_LIQUIDATION of " + longAccount)),
                        "the fund's movements do not show what the liquidation paid in");
                assertTrue(!text("fund-USDT").isBlank());
                browser.assertFitsTheWindow(size);
                browser.screenshot("liquidations-" + symbol + "-" + size.getWidth() + "x" + size.getHeight());
            }
        } finally {
            if (previousMark != null) {
                tick(symbol, previousMark);
            }
        }
    }

    private void waitFor(String what, BooleanSupplier condition) {
        assertTrue(Await.until(condition, Duration.ofSeconds(5)), () -> "not within 5 s: " + what + "\n"
                + browser.driver.getPageSource());
    }

    private static void tick(String symbol, String price) {
        as("platform").body(Map.of("price", price)).put("/v1/mark-prices/" + symbol).then().statusCode(200);
    }

    /** An account holding an isolated position of 1 at 2,000 at {@code leverage}; its liquidation price. */
    private static String isolated(String accountId, String symbol, String side, String leverage) {
        as("platform").body(Map.of("accountId", accountId, "balances", Map.of("USDT", "10000"))).post("/v1/accounts")
                .then().statusCode(201);
        as("platform").body(Map.of("mode", "ISOLATED")).put("/v1/accounts/" + accountId + "/margin-modes/" + symbol)
                .then().statusCode(200);
        return as("platform").body(Map.of("symbol", symbol, "side", side, "quantity", "1", "price", "2000",
                        "leverage", leverage))
                .post("/v1/accounts/" + accountId + "/positions").then().statusCode(201)
                .extract().path("position.liquidationPrice");
    }
}
