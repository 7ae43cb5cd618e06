package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in a real browser (Debian's headless Chromium) against the real WAR on
 * PostgreSQL: sign-in and its throttle, the settings page in Portuguese and its live auto-pause
 * notice, an app's secret shown once, the language switch, tenant isolation, sign-out, and the
 * session cookie's flags. Inputs are found by the text of their label, as a screen reader finds
 * them. Screenshots go to target/screenshots/.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPagesIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Set for the it-postgresql execution in pom.xml (TOKENKEEPER_BOOTSTRAP_ADMIN_PASSWORD). */
    private static final String ADMIN_PASSWORD = System.getenv().getOrDefault("TOKENKEEPER_BOOTSTRAP_ADMIN_PASSWORD", "admin-pages-it-password");

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
    static void browserIsInstalled() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver'");
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void openBrowser() throws IOException {
        api = new Api(deploymentUrl);
        profile = Files.createTempDirectory("tokenkeeper-admin-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
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
        }
    }

    // ---- the cases -----------------------------------------------------------------------------------

    @Test
    void wrongPasswordIsRefusedThenTheRightOneSignsIn() {
        browser.get(api.base + "/admin/");
        waitUntil("the sign-in page", d -> d.getCurrentUrl().contains("/admin/signin.xhtml"));
        type("Username", "admin");
        type("Password", "not-the-password");
        click("Sign in");
        waitUntil("the refusal", d -> pageText().contains("Wrong username or password."));
        assertTrue(browser.getCurrentUrl().contains("signin.xhtml"), "still on the sign-in page");
        screenshot("admin-signin-refused");

        type("Username", "admin");
        type("Password", ADMIN_PASSWORD);
        click("Sign in");
        waitUntil("the tenants page", d -> heading().equals("Tenants"));
        assertTrue(pageText().contains("demo"), "the platform admin sees the demo tenant: " + pageText());
    }

    @Test
    void repeatedWrongPasswordsMakeTheAccountWait() {
        TenantFixture tenant = api.newTenant("adm-lock", true);
        String user = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        signInAsAdmin();
        createTenantAdmin(tenant.slug(), user, "right-password-12345");
        signOut();
        for (int attempt = 1; attempt <= 6; attempt++) {
            type("Username", user);
            type("Password", "wrong-password-" + attempt);
            click("Sign in");
            int shown = attempt;
            waitUntil("refusal " + shown, d -> pageText().contains("Wrong username or password.") || pageText().contains("wait"));
        }
        assertTrue(pageText().matches("(?s).*Too many failed sign-ins: wait \\d+ seconds.*"), pageText());
        // now even the right password waits: the lock is checked before the password
        type("Username", user);
        type("Password", "right-password-12345");
        click("Sign in");
        waitUntil("the lock message", d -> pageText().contains("Too many failed sign-ins"));
        assertTrue(browser.getCurrentUrl().contains("signin.xhtml"));
    }

    @Test
    void timedRefreshSetInPortugueseIsSavedAndSeenByTheApi() {
        TenantFixture tenant = api.newTenant("adm-pt", true);
        signInAsAdmin();
        browser.get(api.base + "/admin/settings.xhtml?tenant=" + tenant.slug());
        clickLink("Português");
        waitUntil("the page in Portuguese", d -> heading().equals("Configurações"));

        type("Atualizar token a cada", "5");
        click("Salvar");
        waitUntil("saved", d -> pageText().contains("Configurações salvas."));
        screenshot("admin-settings-saved-pt");

        Reply settings = api.get("/api/tenants/" + tenant.slug() + "/settings", api.platformToken());
        assertEquals(200, settings.status(), settings.toString());
        assertEquals(5, settings.json().getInt("timedRefreshMinutes"), settings.toString());
        Reply audit = api.get("/api/tenants/" + tenant.slug() + "/audit", api.platformToken());
        assertTrue(audit.jsonArray().stream().map(JsonValue::asJsonObject).anyMatch(e -> "SETTINGS_CHANGED".equals(e.getString("type"))
                && e.getString("detail", "").contains("admin:admin")), "audited with the signed-in account: " + audit);
    }

    @Test
    void autoPauseNoticeAppearsAndDisappearsAsTheFieldsChangeBeforeSaving() {
        TenantFixture tenant = api.newTenant("adm-notice", true);
        api.signIn(tenant, "lobby-tv");
        signInAsAdmin();
        browser.get(api.base + "/admin/settings.xhtml?tenant=" + tenant.slug());
        waitUntil("the settings page", d -> heading().equals("Settings"));
        assertFalse(noticeShown(), "no notice for the defaults");

        type("Refresh token every", "10");
        new Select(input("Capacity mode")).selectByValue("on-demand");
        waitUntil("the red notice", d -> noticeShown());
        assertTrue(browser.findElement(By.id("settings:conflict")).getText().contains("10 minutes"));
        fullPageScreenshot("admin-settings");

        input("Selected users only").click();
        waitUntil("the notice gone", d -> !noticeShown());
        Reply unsaved = api.get("/api/tenants/" + tenant.slug() + "/settings", api.platformToken());
        assertEquals(0, unsaved.json().getInt("timedRefreshMinutes"), "nothing saved yet: " + unsaved);

        input("Everyone: any open report counts as activity").click();
        waitUntil("the red notice again", d -> noticeShown());
        input("Selected users only").click();
        waitUntil("the notice gone again", d -> !noticeShown());
        input("lobby-tv").click(); // a known user of the tenant: it signed in above
        screenshot("admin-settings-selected");
        click("Save");
        waitUntil("saved", d -> pageText().contains("Settings saved."));
        JsonObject capacity = api.get("/api/tenants/" + tenant.slug() + "/settings", api.platformToken()).json().getJsonObject("capacity");
        assertEquals("on-demand", capacity.getString("mode"));
        assertEquals("selected", capacity.getString("keepAlive"));
        assertEquals(List.of("lobby-tv"), capacity.getJsonArray("keepAliveUsers").getValuesAs(jakarta.json.JsonString::getString));
    }

    @Test
    void invalidSettingsShowMessagesBesideTheFieldsAndSaveNothing() {
        TenantFixture tenant = api.newTenant("adm-invalid", true);
        signInAsAdmin();
        browser.get(api.base + "/admin/settings.xhtml?tenant=" + tenant.slug());
        type("Refresh token every", "30");
        type("Embed token lifetime", "20");
        click("Save");
        waitUntil("the field message", d -> !d.findElements(By.cssSelector(".field-error")).isEmpty()
                && d.findElement(By.cssSelector(".field-error")).getText().contains("shorter than the embed token lifetime"));
        assertEquals(0, api.get("/api/tenants/" + tenant.slug() + "/settings", api.platformToken()).json().getInt("timedRefreshMinutes"));
    }

    @Test
    void staleSaveSaysSomeoneElseChangedTheSettings() {
        TenantFixture tenant = api.newTenant("adm-stale", true);
        signInAsAdmin();
        browser.get(api.base + "/admin/settings.xhtml?tenant=" + tenant.slug());
        waitUntil("the settings page", d -> heading().equals("Settings"));
        Reply meanwhile = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", api.platformToken(),
                "{\"timedRefreshMinutes\":7,\"embedTokenMinutes\":60,\"refreshOnInteraction\":true}");
        assertEquals(200, meanwhile.status(), meanwhile.toString());
        type("Refresh token every", "5");
        click("Save");
        waitUntil("the stale message", d -> pageText().contains("Someone else changed these settings"));
        assertEquals(7, api.get("/api/tenants/" + tenant.slug() + "/settings", api.platformToken()).json().getInt("timedRefreshMinutes"));
    }

    @Test
    void createdAppShowsItsSecretExactlyOnce() {
        TenantFixture tenant = api.newTenant("adm-apps", true);
        signInAsAdmin();
        browser.get(api.base + "/admin/apps.xhtml?tenant=" + tenant.slug());
        waitUntil("the apps page", d -> heading().equals("Apps"));
        type("Name", "<script>window.__xss=1</script>Lobby TV");
        input("Enable Device Flow").click(); // GitHub's switch: off unless asked for
        click("Create app");
        waitUntil("the secret", d -> !d.findElements(By.id("clientSecret")).isEmpty());
        String secret = browser.findElement(By.id("clientSecret")).getText().trim();
        String clientId = browser.findElement(By.id("shownClientId")).getText().trim();
        assertTrue(secret.length() > 20, "a secret: " + secret);
        assertTrue(pageText().contains("<script>window.__xss=1</script>Lobby TV"), "the name shown as text");
        assertEquals(null, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.__xss;"), "never run");
        screenshot("admin-apps");

        Reply token = api.token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        assertEquals(200, token.status(), "the secret shown works: " + token);

        browser.navigate().refresh();
        waitUntil("the apps page again", d -> heading().equals("Apps"));
        assertTrue(browser.findElements(By.id("clientSecret")).isEmpty(), "no secret after a reload");
        assertFalse(browser.getPageSource().contains(secret), "the secret is gone from the page");
        assertTrue(pageText().contains(clientId), "the app is listed");
        Reply app = api.get("/api/tenants/" + tenant.slug() + "/apps/" + clientId, tenant.adminToken());
        assertTrue(app.json().getBoolean("deviceFlow"), "the device flow switch was saved: " + app);
    }

    @Test
    void languageSwitchIsRememberedForTheSession() {
        browser.get(api.base + "/admin/signin.xhtml");
        waitUntil("the sign-in page in English", d -> heading().equals("Sign in"));
        clickLink("Português");
        waitUntil("the sign-in page in Portuguese", d -> heading().equals("Entrar"));
        type("Usuário", "admin");
        type("Senha", ADMIN_PASSWORD);
        click("Entrar");
        waitUntil("the tenants page in Portuguese", d -> pageText().contains("Sair") && pageText().contains("Novo tenant"));
        browser.get(api.base + "/admin/viewers.xhtml?tenant=demo");
        waitUntil("still Portuguese on another page", d -> heading().equals("Visualizadores"));
        clickLink("English");
        waitUntil("English again", d -> heading().equals("Viewers"));
        assertTrue(browser.getCurrentUrl().contains("tenant=demo"), "the same page: " + browser.getCurrentUrl());
    }

    @Test
    void tenantAdminSeesNothingOfAnotherTenant() {
        TenantFixture mine = api.newTenant("adm-mine", true);
        TenantFixture other = api.newTenant("adm-other", true);
        String user = "ta-" + UUID.randomUUID().toString().substring(0, 8);
        signInAsAdmin();
        createTenantAdmin(mine.slug(), user, "tenant-admin-password-1");
        signOut();

        signIn(user, "tenant-admin-password-1");
        waitUntil("the own tenant's settings", d -> heading().equals("Settings") && d.getCurrentUrl().contains("tenant=" + mine.slug()));
        browser.get(api.base + "/admin/tenants.xhtml");
        waitUntil("the tenants page", d -> heading().equals("Tenants"));
        assertTrue(pageText().contains(mine.slug()));
        assertFalse(browser.getPageSource().contains(other.slug()), "no trace of the other tenant");
        assertFalse(pageText().contains("New tenant"), "only the platform admin creates tenants");
        for (String page : List.of("settings", "apps", "reports", "viewers", "audit")) {
            browser.get(api.base + "/admin/" + page + ".xhtml?tenant=" + other.slug());
            waitUntil(page + " of the other tenant refused", d -> d.getPageSource().contains("Not found"));
            assertTrue(browser.findElements(By.tagName("form")).isEmpty(), page + ": no form for another tenant");
        }
    }

    @Test
    void afterSignOutThePagesAreRefused() {
        signInAsAdmin();
        browser.get(api.base + "/admin/settings.xhtml?tenant=demo");
        waitUntil("the settings page", d -> heading().equals("Settings"));
        signOut();
        assertTrue(pageText().contains("You have signed out."));
        for (String page : List.of("settings.xhtml?tenant=demo", "tenants.xhtml", "apps.xhtml?tenant=demo", "audit.xhtml?tenant=demo")) {
            browser.get(api.base + "/admin/" + page);
            waitUntil(page + " sends to sign-in", d -> d.getCurrentUrl().contains("/admin/signin.xhtml") && heading().equals("Sign in"));
        }
    }

    @Test
    void viewersPageShowsTheOpenViewer() {
        signInAsAdmin();
        browser.get(api.base + "/demo/");
        waitUntil("the demo sign-in form", d -> d.findElement(By.id("name")).isDisplayed());
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys("ada");
        browser.findElement(By.id("sign-in")).click();
        waitUntil("the demo viewer connected", d -> "connected".equals(d.findElement(By.id("state")).getText().trim()));
        String demo = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(api.base + "/admin/viewers.xhtml?tenant=demo");
        waitUntil("the viewer listed", d -> heading().equals("Viewers") && d.findElements(By.cssSelector("#live\\:viewers tbody tr")).size() >= 1);
        WebElement row = browser.findElements(By.cssSelector("#live\\:viewers tbody tr")).stream()
                .filter(r -> r.getText().startsWith("ada ")).findFirst().orElseThrow(() -> new AssertionError("ada's viewer: " + pageText()));
        assertTrue(row.getText().contains("demo-sales"), row.getText());
        assertTrue(row.getText().contains("initial"), row.getText());
        screenshot("admin-viewers");
        browser.switchTo().window(demo).close();
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteAndSecureBehindTls() {
        Reply plain = api.send(HttpRequest.newBuilder(URI.create(api.base + "/admin/signin.xhtml")).GET().timeout(WAIT).build());
        String cookie = plain.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("a session cookie: " + plain.raw().headers().map()));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: not Secure, or it would never come back: " + cookie);

        Reply proxied = api.send(HttpRequest.newBuilder(URI.create(api.base + "/admin/signin.xhtml")).header("X-Forwarded-Proto", "https")
                .GET().timeout(WAIT).build());
        String tls = proxied.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertTrue(tls.contains("Secure") && tls.contains("HttpOnly") && tls.contains("SameSite=Lax"), tls);

        // the API keeps its bearer tokens: 401 as JSON, never a redirect to the sign-in page
        Reply api401 = api.get("/api/tenants/demo/settings", null);
        assertEquals(401, api401.status(), api401.toString());
        assertTrue(api401.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"), api401.toString());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void signInAsAdmin() {
        signIn("admin", ADMIN_PASSWORD);
        waitUntil("signed in", d -> !d.getCurrentUrl().contains("signin.xhtml"));
    }

    private void signIn(String user, String password) {
        browser.get(api.base + "/admin/signin.xhtml");
        waitUntil("the sign-in page", d -> !d.findElements(By.id("signIn:username")).isEmpty());
        type(label(browser, "Username", "Usuário"), user);
        type(label(browser, "Password", "Senha"), password);
        browser.findElement(By.id("signIn:submit")).click();
    }

    private static String label(WebDriver browser, String english, String portuguese) {
        return browser.findElements(By.xpath("//label[normalize-space()='" + english + "']")).isEmpty() ? portuguese : english;
    }

    private void signOut() {
        clickLink("Sign out");
        waitUntil("the sign-in page", d -> d.getCurrentUrl().contains("signin.xhtml") && heading().equals("Sign in"));
    }

    private void createTenantAdmin(String tenant, String user, String password) {
        browser.get(api.base + "/admin/tenants.xhtml");
        waitUntil("the tenants page", d -> heading().equals("Tenants"));
        new Select(input("Tenant")).selectByValue(tenant);
        type("New account's username", user);
        type("Password", password);
        click("Create account");
        waitUntil("the account created", d -> pageText().contains("Account created: " + user));
    }

    private boolean noticeShown() {
        return !browser.findElements(By.id("settings:conflict")).isEmpty() && browser.findElement(By.id("settings:conflict")).isDisplayed();
    }

    /** The input a label names (label for=…), as a screen reader finds it. */
    private WebElement input(String labelText) {
        List<WebElement> labels = browser.findElements(By.xpath("//label[normalize-space()=" + xpathLiteral(labelText) + "]"));
        if (labels.isEmpty()) {
            throw new AssertionError("No label '" + labelText + "' on " + browser.getCurrentUrl() + ": " + pageText());
        }
        String id = labels.get(0).getAttribute("for");
        assertNotNull(id, "label '" + labelText + "' names its input");
        return browser.findElement(By.id(id));
    }

    private void type(String labelText, String value) {
        WebElement field = input(labelText);
        field.clear();
        field.sendKeys(value);
    }

    private void click(String buttonText) {
        browser.findElement(By.xpath("//input[(@type='submit' or @type='button') and @value=" + xpathLiteral(buttonText) + "]"
                + " | //button[normalize-space()=" + xpathLiteral(buttonText) + "]")).click();
    }

    private void clickLink(String text) {
        browser.findElement(By.xpath("//a[normalize-space()=" + xpathLiteral(text) + "]")).click();
    }

    private String heading() {
        List<WebElement> h1 = browser.findElements(By.tagName("h1"));
        return h1.isEmpty() ? "" : h1.get(0).getText().trim();
    }

    private String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    /** The whole page, not only the window: the window grows to the page's height for the picture, then shrinks back. */
    private void fullPageScreenshot(String name) {
        org.openqa.selenium.Dimension before = browser.manage().window().getSize();
        Object height = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), ((Number) height).intValue() + 160));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    private void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT)
                .ignoring(WebDriverException.class)
                .withMessage(() -> "Waited " + WAIT.toSeconds() + " s for " + what + " on " + browser.getCurrentUrl() + "; the page shows: "
                        + safeText())
                .until(condition::apply);
    }

    private String safeText() {
        try {
            return pageText().replace('\n', '|');
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
