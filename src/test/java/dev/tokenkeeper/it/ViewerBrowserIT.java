package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tokenkeeper.it.Api.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo viewer page in a real browser (Debian's headless Chromium through its chromedriver)
 * against the real viewer channel: the token arrives, is replaced in place, lapses into
 * {@code ClientError_TokenExpired} with a Reload button, and comes back after the server drops the
 * socket; a paused capacity shows "Paused to save cost" with a Resume button (or who can resume), and
 * the Resume button brings the report back. Time moves on the server's clock, never by sleeping;
 * every wait is explicit and bounded.
 *
 * <p>Nothing is downloaded at run time: the driver and the browser are given by path, so Selenium
 * Manager is never asked. Without them the test fails and says how to install them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ViewerBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The picture of the paused demo viewer; docs/demo-viewer-paused.png (the README's) is a copy of one of these. */
    private static final Path PAUSED_SCREENSHOT = Path.of("target", "screenshots", "demo-viewer-paused.png");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;
    WebDriver browser;
    Path profile;

    @BeforeAll
    static void browserIsInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver' (.ci/run does this when they are missing)");
        }
    }

    @BeforeEach
    void openBrowser() throws IOException {
        api = new Api(deploymentUrl);
        api.resetClock();
        profile = Files.createTempDirectory("tokenkeeper-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1000", "--user-data-dir=" + profile);
        // the driver named by path, so that Selenium Manager never looks for (or downloads) a driver or a browser;
        // one service per browser, because quit() stops the service it was started with
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterEach
    void closeBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            deleteProfile();
            api.resetClock();
        }
    }

    // ---- the cases -----------------------------------------------------------------------------------

    @Test
    void demoPageSignsInAndShowsTheInitialTokenAndTheReport() {
        settings(0, 60, true);
        signIn("ada");
        assertEquals("connected", text("state"));
        assertEquals("1", text("token-count"));
        assertTrue(!text("token-id").isBlank() && !text("token-id").equals("–"), "token id shown: " + text("token-id"));
        assertTrue(text("remaining").matches("\\d+:\\d{2}(:\\d{2})?"), "live countdown: " + text("remaining"));
        waitUntil("the report drawn from the data endpoint with the embed token",
                d -> !d.findElements(By.cssSelector("#chart svg rect.bar")).isEmpty());
        assertEquals("ada", text("user"));
    }

    @Test
    void pushedTokenReplacesTheOldOneWithoutReload() {
        settings(0, 10, true);
        signIn("grace");
        String first = text("token-id");
        Object marker = js("window.__marker = 'kept-' + Math.random(); return window.__marker;");

        // into the second half of the token's life on the server's clock, where an interaction earns a fresh one
        Instant expiration = Instant.parse((String) currentToken().get("expiration"));
        api.advanceClock(Duration.between(Instant.now(), expiration).multipliedBy(3).dividedBy(4).toSeconds());
        new Select(browser.findElement(By.id("region-filter"))).selectByVisibleText("North");

        waitUntil("a token with reason interaction", d -> "interaction".equals(text("reason")) && !first.equals(text("token-id")));
        assertEquals(marker, js("return window.__marker;"), "the page was not reloaded");
        assertEquals("2", text("token-count"));
        assertEquals("connected", text("state"));
        assertNotEquals(first, text("token-id"));
    }

    @Test
    void lapsedTokenShowsTokenExpiredWithReloadWhenRefreshIsOff() {
        settings(0, 5, false);
        signIn("linus");
        Instant expiration = Instant.parse((String) currentToken().get("expiration"));
        api.advanceClock(Duration.between(Instant.now(), expiration).toSeconds() + 5);

        waitUntil("the expired state with its Reload button", d -> d.findElement(By.id("expired")).isDisplayed()
                && d.findElement(By.id("reload")).isDisplayed());
        assertTrue(browser.findElement(By.id("expired")).getText().contains("ClientError_TokenExpired"));
        assertEquals("expired", text("state"));

        js("window.__marker = 'before reload';");
        browser.findElement(By.id("reload")).click();
        waitUntil("the reloaded page with a fresh token", d -> js("return window.__marker;") == null
                && "initial".equals(text("reason")) && "connected".equals(text("state")));
        assertTrue(!browser.findElement(By.id("expired")).isDisplayed(), "no expired state after the reload");
    }

    @Test
    void afterTheServerDropsTheSocketTheViewerReconnectsAndGetsAReconnectToken() {
        settings(0, 60, true);
        signIn("barbara");
        Object marker = js("window.__marker = 'kept-' + Math.random(); return window.__marker;");

        Reply dropped = api.send(HttpRequest.newBuilder(URI.create(api.base + "/test-support/viewers/disconnect"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(WAIT).build());
        assertEquals(200, dropped.status(), dropped.toString());
        assertTrue(dropped.json().getInt("closed") >= 1, dropped.toString());

        waitUntil("a token with reason reconnect", d -> "reconnect".equals(text("reason")) && "connected".equals(text("state")));
        assertEquals(marker, js("return window.__marker;"), "the page was not reloaded");
        assertEquals("2", text("token-count"));
    }

    @Test
    void aPausedCapacityShowsThePausedPanelAndItsResumeButtonBringsTheReportBack() throws IOException {
        demoCapacity("on-demand", "[\"ada\",\"tv-lobby\"]");
        try {
            signIn("ada");
            Object marker = js("window.__marker = 'kept-' + Math.random(); return window.__marker;");
            pauseDemoCapacity();

            waitUntil("the paused panel with its Resume button", d -> d.findElement(By.id("paused")).isDisplayed()
                    && d.findElement(By.id("resume")).isDisplayed());
            assertEquals("Paused to save cost — tap to resume", text("paused-title"));
            assertEquals("paused", text("state"));
            assertTrue(!browser.findElement(By.id("expired")).isDisplayed(), "a pause is not an expired token");
            Files.createDirectories(PAUSED_SCREENSHOT.getParent());
            Files.write(PAUSED_SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            browser.findElement(By.id("resume")).click();
            waitUntil("a token with reason resumed and the panel gone", d -> "resumed".equals(text("reason"))
                    && "connected".equals(text("state")) && !d.findElement(By.id("paused")).isDisplayed());
            assertEquals(marker, js("return window.__marker;"), "the page was not reloaded");
            assertEquals("2", text("token-count"), "exactly one resumed token");
        } finally {
            restoreDemoCapacity();
        }
    }

    @Test
    void aUserWhoMayNotResumeIsToldWhoCanAndHasNoButton() {
        demoCapacity("on-demand", "[\"tv-lobby\"]");
        try {
            signIn("grace");
            pauseDemoCapacity();
            waitUntil("the paused panel", d -> d.findElement(By.id("paused")).isDisplayed());
            assertEquals("Paused to save cost", text("paused-title"));
            assertTrue(text("paused-message").contains("tv-lobby"), "names who can resume: " + text("paused-message"));
            assertTrue(!browser.findElement(By.id("resume")).isDisplayed(), "no Resume button for grace");

            resumeDemoCapacity(); // an administrator starts it: the viewer comes back by itself
            waitUntil("a token with reason resumed", d -> "resumed".equals(text("reason")) && !d.findElement(By.id("paused")).isDisplayed());
        } finally {
            restoreDemoCapacity();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void demoCapacity(String mode, String keepAliveUsers) {
        Reply reply = api.sendJson("PUT", "/api/tenants/demo/settings", api.platformToken(), "{\"timedRefreshMinutes\":0,"
                + "\"embedTokenMinutes\":60,\"refreshOnInteraction\":true,\"capacity\":{\"mode\":\"" + mode + "\","
                + "\"autoPauseMinutes\":30,\"keepAlive\":\"selected\",\"keepAliveUsers\":" + keepAliveUsers + ",\"windows\":[]}}");
        assertEquals(200, reply.status(), "demo tenant capacity: " + reply);
    }

    private void pauseDemoCapacity() {
        Reply reply = api.postJson("/api/tenants/demo/capacity/pause", api.platformToken(), "");
        assertEquals(200, reply.status(), "pause: " + reply);
    }

    private void resumeDemoCapacity() {
        Reply reply = api.postJson("/api/tenants/demo/capacity/resume", api.platformToken(), "");
        assertEquals(200, reply.status(), "resume: " + reply);
    }

    /** The other cases expect the demo's default: a manual capacity that is running. */
    private void restoreDemoCapacity() {
        resumeDemoCapacity();
        Reply reply = api.sendJson("PUT", "/api/tenants/demo/settings", api.platformToken(), "{\"timedRefreshMinutes\":0,"
                + "\"embedTokenMinutes\":60,\"refreshOnInteraction\":true,\"capacity\":{\"mode\":\"manual\","
                + "\"autoPauseMinutes\":30,\"keepAlive\":\"everyone\",\"keepAliveUsers\":[],\"windows\":[]}}");
        assertEquals(200, reply.status(), "demo tenant capacity back to manual: " + reply);
    }

    private void signIn(String name) {
        browser.get(api.base + "/demo/");
        waitUntil("the sign-in form", d -> d.findElement(By.id("name")).isDisplayed());
        WebElement field = browser.findElement(By.id("name"));
        field.clear();
        field.sendKeys(name);
        browser.findElement(By.id("sign-in")).click();
        waitUntil("the initial token", d -> "initial".equals(text("reason")) && "connected".equals(text("state")));
    }

    private void settings(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction) {
        Reply reply = api.sendJson("PUT", "/api/tenants/demo/settings", api.platformToken(), "{\"timedRefreshMinutes\":"
                + timedRefreshMinutes + ",\"embedTokenMinutes\":" + embedTokenMinutes + ",\"refreshOnInteraction\":" + refreshOnInteraction + "}");
        assertEquals(200, reply.status(), "demo tenant settings: " + reply);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> currentToken() {
        return (Map<String, Object>) js("return window.tokenkeeperDemo.current;");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT)
                // a reload in progress makes the page's elements and scripts briefly unreachable: look again
                .ignoring(WebDriverException.class)
                .withMessage(() -> "Waited " + WAIT.toSeconds() + " s for " + what + "; the page shows: " + pageSummary())
                .until(condition::apply);
    }

    /** What a person would read on the page, for a failure message that says what went wrong. */
    private String pageSummary() {
        try {
            return "state=" + text("state") + ", reason=" + text("reason") + ", token=" + text("token-id")
                    + ", tokens=" + text("token-count") + ", notice='" + browser.findElement(By.id("notice")).getText()
                    + "', paused='" + browser.findElement(By.id("paused")).getText().replace('\n', '|')
                    + "', sign-in error='" + browser.findElement(By.id("sign-in-error")).getText()
                    + "', events: " + browser.findElement(By.id("events")).getText().replace('\n', '|');
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
