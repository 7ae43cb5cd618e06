package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.File;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GitHub's own client libraries, {@code @octokit/oauth-methods} and {@code @octokit/auth-oauth-device}
 * (pinned in src/test/octokit/package-lock.json, installed by {@code npm ci} before the integration
 * tests), pointed at a running Tokenkeeper with nothing changed but the base URL. This class only
 * prepares the fixtures through the admin API and runs {@code node --test}; the assertions are in
 * src/test/octokit/oauth-methods.test.js (one Node test per octokit method) and device-flow.test.js (the
 * device flow's HTTP contract as a strict RFC 8628 client and an admin see it).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OctokitIT {

    static final Path OCTOKIT = Path.of("src/test/octokit");
    static final String WEB_FLOW_REDIRECT = "http://127.0.0.1:9/octokit/callback";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    @Test
    void octokitOAuthMethodsAndDeviceAuthWorkUnchanged() throws Exception {
        assertTrue(Files.isDirectory(OCTOKIT.resolve("node_modules/@octokit/oauth-methods")),
                "octokit is not installed: run 'npm ci --no-audit --no-fund' in src/test/octokit (mvn verify does it in pre-integration-test)");
        Api api = new Api(deploymentUrl);
        api.resetClock();
        TenantFixture expiring = api.newTenant("octokit", "{\"name\":\"Lobby TV\",\"expiringUserTokens\":true,\"deviceFlow\":true}");
        TenantFixture optedOut = api.newTenant("octokit-noexp", "{\"name\":\"Legacy\",\"expiringUserTokens\":false,\"deviceFlow\":true}");
        TenantFixture noDevice = api.newTenant("octokit-nodev", "{\"name\":\"Web only\"}");

        JsonObjectBuilder fixtures = Json.createObjectBuilder()
                .add("baseUrl", api.base)
                .add("expiring", app(expiring).add("pairs", pairs(api, expiring, "ada", "bob", "cy", "dee", "dora", "dora", "eve", "hal", "ivy")))
                .add("optedOut", app(optedOut).add("pairs", pairs(api, optedOut, "flo", "gus", "jo")))
                .add("noDevice", app(noDevice));
        // a real code from the web flow, signed in at a real OpenID provider, for exchangeWebFlowCode
        String webFlowCode = webFlowCode(api, expiring);

        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1", "oauth-methods.test.js", "device-flow.test.js")
                .directory(OCTOKIT.toFile()).redirectErrorStream(true);
        node.environment().put("TK_FIXTURES", fixtures.build().toString());
        node.environment().put("TK_WEB_FLOW_CODE", webFlowCode);
        File log = new File("target/octokit-node.log");
        node.redirectOutput(log);
        Process process = node.start();
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = read(log);
        System.out.println(output);
        assertTrue(finished, "node --test did not finish in 240 s:\n" + output);
        assertEquals(0, process.exitValue(), "octokit tests failed (full log in target/octokit-node.log):\n" + output);
        // the spec reporter's summary: something ran, nothing failed
        assertTrue(output.contains("fail 0") && !output.contains("pass 0"), output);
    }

    /**
     * The web flow as a browser goes through it, without a browser (SignInFlowsIT drives one): the
     * tenant's provider is mock-oauth2-server with its non-interactive login, so following redirects
     * with the cookies kept reaches our consent form; approving it redirects to the app with a code.
     */
    private static String webFlowCode(Api api, TenantFixture tenant) throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            String issuer = provider.issuerUrl("octokit-idp").toString().replaceAll("/$", "");
            Api.Reply configured = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/identity-provider", tenant.adminToken(),
                    "{\"issuer\":\"" + tenant.idp().issuer + "\",\"jwks\":" + tenant.idp().publicJwks() + ",\"oidc\":{\"issuer\":\""
                            + issuer + "\",\"clientId\":\"tokenkeeper\",\"clientSecret\":\"provider-secret\"}}");
            assertEquals(200, configured.status(), configured.toString());
            Api.Reply registered = api.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(),
                    tenant.adminToken(), "{\"redirectUris\":[\"" + WEB_FLOW_REDIRECT + "\"]}");
            assertEquals(200, registered.status(), registered.toString());

            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
            URI next = URI.create(api.base + "/login/oauth/authorize?client_id=" + tenant.clientId() + "&state=octokit-state");
            HttpResponse<String> page = null;
            for (int hop = 0; hop < 10 && next != null; hop++) {
                page = browser.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
                next = page.statusCode() / 100 == 3 ? next.resolve(page.headers().firstValue("Location").orElseThrow()) : null;
            }
            assertEquals(200, page.statusCode(), "the consent page: " + page.body());
            Matcher form = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"><input type=\"hidden\" name=\"consent\" value=\"([^\"]+)\"")
                    .matcher(page.body());
            assertTrue(form.find(), "a consent form: " + page.body());
            HttpResponse<String> approved = browser.send(HttpRequest.newBuilder(page.uri().resolve(form.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("consent=" + URLEncoder.encode(form.group(2).replace("&amp;", "&"),
                            StandardCharsets.UTF_8) + "&decision=approve")).build(), HttpResponse.BodyHandlers.ofString());
            String location = approved.headers().firstValue("Location").orElse("");
            assertTrue(location.startsWith(WEB_FLOW_REDIRECT + "?"), "redirected to the app: HTTP " + approved.statusCode() + " " + location);
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
            assertTrue(code.find() && location.contains("state=octokit-state"), location);
            return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
        } finally {
            provider.shutdown();
        }
    }

    private static JsonObjectBuilder app(TenantFixture tenant) {
        return Json.createObjectBuilder().add("tenant", tenant.slug()).add("clientId", tenant.clientId()).add("clientSecret", tenant.secret())
                .add("adminToken", tenant.adminToken());
    }

    /** One sign-in (token exchange) per user named, in order; a name twice gives that user two sign-ins. */
    private static JsonArrayBuilder pairs(Api api, TenantFixture tenant, String... users) {
        JsonArrayBuilder pairs = Json.createArrayBuilder();
        for (String user : users) {
            JsonObject pair = api.signIn(tenant, user);
            JsonObjectBuilder entry = Json.createObjectBuilder().add("user", user).add("accessToken", pair.getString("access_token"));
            if (pair.containsKey("refresh_token")) {
                entry.add("refreshToken", pair.getString("refresh_token"));
            }
            pairs.add(entry);
        }
        return pairs;
    }

    private static String read(File log) throws IOException {
        return log.exists() ? Files.readString(log.toPath(), StandardCharsets.UTF_8) : "(no output)";
    }
}
