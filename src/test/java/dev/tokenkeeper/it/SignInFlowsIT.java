package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import dev.tokenkeeper.demo.control.DemoOidcProvider;
import dev.tokenkeeper.security.control.Pepper;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in the way GitHub Apps do, in a real browser, against a real OpenID Connect provider
 * standing in for the tenant's (NAV's mock-oauth2-server with its interactive login form, started
 * here): the web flow (authorize → provider sign-in → consent → back to a registered loopback
 * redirect URI with a code → the pair), PKCE mismatch, a replayed code, a wrong redirect URI, a
 * declined consent, the provider's own access_denied, and the device flow through {@code /login/device}.
 *
 * <p>The redirect URI is a loopback address where nothing listens: the test reads the code from the
 * browser's address bar. Time moves on the server's clock, never by sleeping.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignInFlowsIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final String OTHER_REDIRECT = "http://localhost:9/other";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    static MockOAuth2Server provider;
    static String providerIssuer;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;
    WebDriver browser;
    Path profile;
    TenantFixture tenant;

    @BeforeAll
    static void startProvider() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The sign-in test needs Debian's headless Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver'");
        }
        // interactive login: the provider shows a form where the browser types the user name
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        providerIssuer = provider.issuerUrl("tenant-idp").toString().replaceAll("/$", "");
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        api = new Api(deploymentUrl);
        api.resetClock();
        tenant = api.newTenant("signin", "{\"name\":\"Lobby app\",\"deviceFlow\":true,\"redirectUris\":[\"" + REDIRECT + "\",\""
                + OTHER_REDIRECT + "\"]}");
        Reply configured = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/identity-provider", tenant.adminToken(),
                "{\"issuer\":\"" + tenant.idp().issuer + "\",\"jwks\":" + tenant.idp().publicJwks() + ",\"oidc\":{\"issuer\":\""
                        + providerIssuer + "\",\"clientId\":\"tokenkeeper-" + tenant.slug() + "\",\"clientSecret\":\"provider-secret\"}}");
        assertEquals(200, configured.status(), configured.toString());
        JsonObject oidc = configured.json().getJsonObject("identityProvider").getJsonObject("oidc");
        assertEquals(providerIssuer, oidc.getString("issuer"));
        assertTrue(oidc.getBoolean("clientSecretSet"));
        assertFalse(configured.body().contains("provider-secret"), "the secret is never shown back");

        profile = Files.createTempDirectory("tokenkeeper-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,900", "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            api.resetClock();
        }
    }

    // ---- the web application flow --------------------------------------------------------------------

    @Test
    void webFlowSignsInAtTheProviderAndTheCodeBuysThePair() {
        String verifier = verifier();
        Map<String, String> back = signInWithConsent("ada", REDIRECT, "xyz-1", challenge(verifier), true);
        assertEquals("xyz-1", back.get("state"));
        String code = back.get("code");
        assertNotNull(code, "a code came back: " + back);

        Reply pair = api.token(Map.of("grant_type", "authorization_code", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier));
        assertEquals(200, pair.status(), pair.toString());
        JsonObject tokens = pair.json();
        assertEquals("bearer", tokens.getString("token_type"));
        assertEquals(28800, tokens.getInt("expires_in"));
        assertTrue(tokens.getString("refresh_token").startsWith("tkr_"));
        assertEquals("ada", introspect(tokens.getString("access_token")).getString("sub"));
        assertTrue(api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).body().contains("SIGNED_IN_BY_CODE"));
    }

    @Test
    void pkceMismatchIsInvalidGrant() {
        Map<String, String> back = signInWithConsent("linus", REDIRECT, "s", challenge(verifier()), true);
        Reply refused = api.token(Map.of("grant_type", "authorization_code", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "code", back.get("code"), "redirect_uri", REDIRECT, "code_verifier", verifier()));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("invalid_grant", refused.error());
    }

    @Test
    void replayedCodeIsRefusedAndRevokesWhatItIssued() {
        // GitHub's shape: no grant_type, no redirect_uri in the authorization request (the first registered one is used)
        Map<String, String> back = signInWithConsent("grace", null, "st", null, true);
        assertTrue(browser.getCurrentUrl().startsWith(REDIRECT + "?"), browser.getCurrentUrl());
        Map<String, String> exchange = Map.of("client_id", tenant.clientId(), "client_secret", tenant.secret(), "code", back.get("code"));
        Reply first = api.token(exchange);
        assertEquals(200, first.status(), first.toString());

        Reply second = api.token(exchange);
        assertEquals(400, second.status(), second.toString());
        assertEquals("bad_verification_code", second.error(), "GitHub's name for a bare code");
        assertEquals("reused", second.reason());

        Reply refresh = api.refresh(tenant, first.json().getString("refresh_token"));
        assertEquals("invalid_grant", refresh.error(), "the first pair is revoked: " + refresh);
        assertFalse(introspect(first.json().getString("access_token")).getBoolean("active"));
        assertTrue(api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).body().contains("CODE_REUSED"));
    }

    @Test
    void strictClientGetsInvalidGrantForAnUnknownCodeAndRedirectMismatchForAnotherUri() {
        Reply unknown = api.token(Map.of("grant_type", "authorization_code", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "code", "tkc_nonsense"));
        assertEquals("invalid_grant", unknown.error());

        Map<String, String> back = signInWithConsent("ken", REDIRECT, "s", null, true);
        Reply mismatch = api.token(Map.of("grant_type", "authorization_code", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "code", back.get("code"), "redirect_uri", OTHER_REDIRECT));
        assertEquals("redirect_uri_mismatch", mismatch.error(), mismatch.toString());
    }

    @Test
    void unregisteredRedirectUriOrUnknownClientGetsAnErrorPageNeverARedirect() {
        Reply wrong = api.get("/login/oauth/authorize?client_id=" + tenant.clientId() + "&redirect_uri="
                + enc("https://evil.example/cb?<b>") + "&state=s", null);
        assertEquals(400, wrong.status());
        assertNull(wrong.header("Location"));
        assertTrue(wrong.header("Content-Type").startsWith("text/html"), wrong.header("Content-Type"));
        assertTrue(wrong.body().contains("redirect_uri_mismatch"));
        assertTrue(wrong.body().contains("https://evil.example/cb?&lt;b&gt;"), "escaped: " + wrong.body());

        Reply unknown = api.get("/login/oauth/authorize?client_id=Tk1.nobody&redirect_uri=" + enc(REDIRECT), null);
        assertEquals(400, unknown.status());
        assertNull(unknown.header("Location"));

        Reply plain = api.get("/login/oauth/authorize?client_id=" + tenant.clientId() + "&state=s&code_challenge="
                + challenge(verifier()) + "&code_challenge_method=plain", null);
        assertEquals(302, plain.status(), "a registered redirect URI gets the error");
        assertTrue(plain.header("Location").startsWith(REDIRECT + "?error=invalid_request"), plain.header("Location"));
    }

    @Test
    void declinedConsentSendsAccessDeniedToTheApp() {
        Map<String, String> back = signInWithConsent("mary", REDIRECT, "d-1", null, false);
        assertEquals("access_denied", back.get("error"));
        assertEquals("d-1", back.get("state"));
        assertNull(back.get("code"));
    }

    @Test
    void providersAccessDeniedReachesTheAppAsAccessDenied() {
        browser.get(api.base + "/login/oauth/authorize?client_id=" + tenant.clientId() + "&state=p-1");
        waitFor("the provider's sign-in form", d -> !d.findElements(By.name("username")).isEmpty());
        String ourState = query(browser.getCurrentUrl()).get("state");
        // the provider answers the way a provider does when the user cancels there
        browser.get(api.base + "/login/oauth/callback?state=" + enc(ourState) + "&error=access_denied");
        Map<String, String> back = waitForRedirect(REDIRECT);
        assertEquals("access_denied", back.get("error"));
        assertEquals("p-1", back.get("state"));
    }

    @Test
    void metadataAdvertisesTheWebFlow() {
        JsonObject metadata = api.get("/.well-known/oauth-authorization-server", null).json();
        assertTrue(metadata.getString("authorization_endpoint").endsWith("/login/oauth/authorize"));
        assertEquals("[\"S256\"]", metadata.getJsonArray("code_challenge_methods_supported").toString());
        assertEquals("[\"code\"]", metadata.getJsonArray("response_types_supported").toString());
        assertTrue(metadata.getJsonArray("grant_types_supported").toString().contains("\"authorization_code\""));
    }

    @Test
    void tenantGetsItsOidcSignInAtCreationAndTheSecretIsNeverShown() {
        String slug = "oidc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String platform = api.platformToken();
        Reply created = api.postJson("/api/tenants", platform, "{\"slug\":\"" + slug + "\",\"name\":\"n\",\"identityProvider\":{"
                + "\"issuer\":\"https://x.example\",\"jwksUri\":\"https://x.example/jwks\",\"oidc\":{\"issuer\":\"" + providerIssuer
                + "\",\"clientId\":\"tk\",\"clientSecret\":\"s3cret-value\"}}}");
        assertEquals(201, created.status(), created.toString());
        assertTrue(created.json().getJsonObject("identityProvider").getJsonObject("oidc").getBoolean("clientSecretSet"));
        assertFalse(api.get("/api/tenants/" + slug, platform).body().contains("s3cret-value"));

        Reply noSecret = api.sendJson("PUT", "/api/tenants/" + slug + "/identity-provider", platform, "{\"issuer\":\"https://x.example\","
                + "\"jwksUri\":\"https://x.example/jwks\",\"oidc\":{\"issuer\":\"" + providerIssuer + "\",\"clientId\":\"another\"}}");
        assertEquals(400, noSecret.status(), "a new client id needs its secret: " + noSecret);
        Reply kept = api.sendJson("PUT", "/api/tenants/" + slug + "/identity-provider", platform, "{\"issuer\":\"https://x.example\","
                + "\"jwksUri\":\"https://x.example/jwks\",\"oidc\":{\"issuer\":\"" + providerIssuer + "\",\"clientId\":\"tk\"}}");
        assertEquals(200, kept.status(), kept.toString());
        assertTrue(kept.json().getJsonObject("identityProvider").getJsonObject("oidc").getBoolean("clientSecretSet"));

        Reply otherTenant = api.sendJson("PUT", "/api/tenants/" + slug + "/identity-provider", tenant.adminToken(), "{\"issuer\":\"x\","
                + "\"jwksUri\":\"https://x.example/jwks\"}");
        assertEquals(403, otherTenant.status(), "another tenant's admin: " + otherTenant);
    }

    @Test
    void redirectUrisAreValidatedWhenRegistered() {
        Reply bad = api.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken(),
                "{\"redirectUris\":[\"http://app.example/cb\"]}");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("redirectUris[0]"), bad.body());
        Reply good = api.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken(),
                "{\"redirectUris\":[\"https://app.example/cb\"]}");
        assertEquals(200, good.status(), good.toString());
        assertEquals("[\"https://app.example/cb\"]", good.json().getJsonArray("redirectUris").toString());
    }

    // ---- the device flow through the page ------------------------------------------------------------------

    @Test
    void deviceFlowEndToEndThroughThePage() {
        JsonObject device = api.postForm("/login/device/code", Map.of("client_id", tenant.clientId()), "application/json").json();
        String deviceCode = device.getString("device_code");
        int interval = device.getInt("interval");
        api.advanceClock(interval + 1);
        assertEquals("authorization_pending", poll(deviceCode).error());

        browser.get(api.base + "/login/device");
        // typed the lazy way: lower case, no dash
        browser.findElement(By.id("user_code")).sendKeys(device.getString("user_code").replace("-", "").toLowerCase());
        browser.findElement(By.id("submit")).click();
        waitFor("the page naming the app and the tenant", d -> !d.findElements(By.id("continue")).isEmpty());
        assertEquals("Lobby app", browser.findElement(By.id("app")).getText());
        assertEquals("signin", browser.findElement(By.id("tenant")).getText());
        browser.findElement(By.id("continue")).click();
        signInAtProvider("tv-viewer");
        waitFor("the approval page", d -> !d.findElements(By.id("approve")).isEmpty());
        assertEquals("tv-viewer", browser.findElement(By.id("user")).getText());
        browser.findElement(By.id("approve")).click();
        waitFor("the done page", d -> !d.findElements(By.id("done")).isEmpty());
        assertEquals("approved", browser.findElement(By.id("done")).getAttribute("data-result"));

        api.advanceClock(interval + 1);
        Reply pair = poll(deviceCode);
        assertEquals(200, pair.status(), pair.toString());
        assertEquals("tv-viewer", introspect(pair.json().getString("access_token")).getString("sub"));
    }

    @Test
    void deviceCodeExpiresOnTheServerClock() {
        JsonObject device = api.postForm("/login/device/code", Map.of("client_id", tenant.clientId()), "application/json").json();
        api.advanceClock(device.getInt("expires_in") + 1);
        assertEquals("expired_token", poll(device.getString("device_code")).error());

        browser.get(api.base + "/login/device?user_code=" + enc(device.getString("user_code")));
        waitFor("the code refused as unknown or expired", d -> !d.findElements(By.id("error")).isEmpty());
        assertTrue(browser.findElements(By.id("continue")).isEmpty());
    }

    @Test
    void devicePageSpeaksBrazilianPortuguese() {
        Reply page = api.send(java.net.http.HttpRequest.newBuilder(URI.create(api.base + "/login/device"))
                .header("Accept-Language", "pt-BR,pt;q=0.9,en;q=0.5").GET().build());
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Código do dispositivo"), page.body());
    }

    // ---- the demo: its own provider and the "show on a TV" page ------------------------------------------------

    /**
     * The TV page runs the device flow for the demo app; a second tab (the phone) approves it after
     * signing in at the demo's own provider; the TV then shows the report with the obtained token.
     * The demo tenant is pointed at the demo provider as this test reaches the server (its start-up
     * configuration uses tokenkeeper.issuer, which is not the test's random port).
     */
    @Test
    void tvPageRunsTheDeviceFlowThroughTheDemoProviderAndOpensTheViewer() {
        String pepper = System.getenv().getOrDefault("TOKENKEEPER_PEPPER", "integration-test-pepper-not-a-secret");
        JsonObject demo = api.get("/api/tenants/demo", api.platformToken()).json().getJsonObject("identityProvider");
        Reply pointed = api.sendJson("PUT", "/api/tenants/demo/identity-provider", api.platformToken(),
                "{\"issuer\":\"" + demo.getString("issuer") + "\",\"jwks\":" + demoJwks() + ",\"oidc\":{\"issuer\":\""
                        + api.base + "/demo-idp\",\"clientId\":\"tokenkeeper-demo\",\"clientSecret\":\""
                        + DemoOidcProvider.clientSecret(new Pepper(pepper.getBytes(StandardCharsets.UTF_8))) + "\"}}");
        assertEquals(200, pointed.status(), pointed.toString());

        browser.get(api.base + "/demo/tv/");
        waitFor("the user code on the TV", d -> d.findElement(By.id("user-code")).getText().matches("[A-Z]{4}-[A-Z]{4}"));
        String userCode = browser.findElement(By.id("user-code")).getText();
        String tv = browser.getWindowHandle();

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(api.base + "/login/device?user_code=" + enc(userCode));
        waitFor("the page naming the demo app", d -> !d.findElements(By.id("continue")).isEmpty());
        assertEquals("Demo", browser.findElement(By.id("tenant")).getText());
        browser.findElement(By.id("continue")).click();
        waitFor("the demo provider's form", d -> !d.findElements(By.id("sign-in")).isEmpty());
        assertTrue(browser.getPageSource().contains("DEMO ONLY"));
        WebElement name = browser.findElement(By.id("name"));
        name.clear();
        name.sendKeys("lobby-tv");
        browser.findElement(By.id("sign-in")).click();
        waitFor("the approval page", d -> !d.findElements(By.id("approve")).isEmpty());
        browser.findElement(By.id("approve")).click();
        waitFor("the done page", d -> !d.findElements(By.id("done")).isEmpty());

        browser.switchTo().window(tv);
        waitFor("the demo viewer signed in as lobby-tv and connected", d -> d.getCurrentUrl().endsWith("/demo/")
                && "lobby-tv".equals(d.findElement(By.id("user")).getText()) && "connected".equals(d.findElement(By.id("state")).getText()));
    }

    /** The demo tenant's token-exchange trust, unchanged: the public JWK set of the demo identity provider. */
    private String demoJwks() {
        return api.get("/demo-idp/jwks", null).body();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** authorize → the provider's form → our consent page → approve or deny → the app's redirect URI; its query. */
    private Map<String, String> signInWithConsent(String user, String redirectUri, String state, String challenge, boolean approve) {
        StringBuilder url = new StringBuilder(api.base + "/login/oauth/authorize?client_id=" + enc(tenant.clientId()) + "&state=" + enc(state));
        if (redirectUri != null) {
            url.append("&redirect_uri=").append(enc(redirectUri));
        }
        if (challenge != null) {
            url.append("&code_challenge=").append(challenge).append("&code_challenge_method=S256");
        }
        browser.get(url.toString());
        signInAtProvider(user);
        waitFor("the consent page", d -> !d.findElements(By.id("approve")).isEmpty());
        assertEquals(user, browser.findElement(By.id("user")).getText());
        browser.findElement(By.id(approve ? "approve" : "deny")).click();
        return waitForRedirect(redirectUri == null ? REDIRECT : redirectUri);
    }

    private void signInAtProvider(String user) {
        waitFor("the provider's sign-in form", d -> !d.findElements(By.name("username")).isEmpty());
        assertTrue(browser.getCurrentUrl().startsWith(providerIssuer), "at the tenant's provider: " + browser.getCurrentUrl());
        WebElement name = browser.findElement(By.name("username"));
        name.sendKeys(user);
        name.submit();
    }

    private Map<String, String> waitForRedirect(String redirectUri) {
        waitFor("back at " + redirectUri, d -> d.getCurrentUrl().startsWith(redirectUri + "?"));
        return query(browser.getCurrentUrl());
    }

    private Reply poll(String deviceCode) {
        return api.token(Map.of("grant_type", DEVICE_GRANT, "device_code", deviceCode, "client_id", tenant.clientId()));
    }

    private JsonObject introspect(String token) {
        return api.postForm("/oauth/introspect", Map.of("token", token), "application/json", Api.basic(tenant.clientId(), tenant.secret())).json();
    }

    private void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, WAIT).until(condition::apply);
        } catch (RuntimeException e) {
            throw new AssertionError("Waited in vain for " + what + "; at " + browser.getCurrentUrl() + ": "
                    + browser.getPageSource().substring(0, Math.min(2000, browser.getPageSource().length())), e);
        }
    }

    private static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> values = new LinkedHashMap<>();
        if (query != null) {
            Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2)).forEach(kv -> values.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
        }
        return values;
    }

    private static String verifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
