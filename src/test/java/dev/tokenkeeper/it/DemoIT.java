package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.it.Api.Reply;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo that works on first start, black-box: its sign-in, the builtin report's data behind the
 * embed token, and the files a browser loads. The suite boots the service many times on the same
 * database, so these tests also see the demo set-up run again on an existing demo.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(deploymentUrl);
        api.resetClock();
    }

    // ---- sign-in -------------------------------------------------------------------------------------

    @Test
    void signInGivesTheNamedUserATokenPairOfTheDemoTenant() throws Exception {
        Reply reply = signIn("ada");
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject body = reply.json();
        assertEquals("bearer", body.getString("token_type"));
        assertEquals("ada", body.getString("user"));
        assertEquals("demo", body.getString("tenant"));
        assertEquals("demo-sales", body.getString("reportId"));
        assertTrue(body.getString("refresh_token").startsWith("tkr_"), body.toString());
        assertTrue(body.getJsonNumber("expires_in").longValue() > 0, body.toString());
        JWTClaimsSet claims = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
        assertEquals("ada", claims.getSubject());
        assertEquals("demo", claims.getStringClaim("tenant"));
        assertTrue(!body.toString().contains("tks_"), "no client secret in the answer");
    }

    @Test
    void aFloodOfSignInsIsRateLimitedLikeAnyClient() {
        Reply limited = null;
        for (int i = 0; i < 200 && limited == null; i++) { // this execution allows a burst of 80, then 10 per second
            Reply reply = signIn("flood");
            if (reply.status() == 429) {
                limited = reply;
            } else {
                assertEquals(200, reply.status(), reply.toString());
            }
        }
        assertTrue(limited != null, "200 sign-ins in a row were never limited");
        assertEquals("rate_limited", limited.error(), limited.toString());
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1, limited.toString());
        api.advanceClock(10); // the limiter reads the clock: 10 s refill the bucket, so the other tests sign in as before
        assertEquals(200, signIn("flood").status());
    }

    @Test
    void nameOutsideTheAlphabetIsInvalid() {
        Reply reply = api.postJson("/api/demo/sign-in", null, "{\"name\":\"<script>\"}");
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_request", reply.error());
        assertTrue(reply.json().getJsonObject("fields").containsKey("name"), reply.toString());
        assertEquals(400, api.postJson("/api/demo/sign-in", null, "{}").status());
    }

    @Test
    void demoExistsOnceWithOneAppAndItsReportAfterManyStarts() {
        String platform = api.platformToken();
        Reply tenant = api.get("/api/tenants/demo", platform);
        assertEquals(200, tenant.status(), tenant.toString());
        assertEquals("urn:tokenkeeper:demo-idp", tenant.json().getJsonObject("identityProvider").getString("issuer"));
        assertEquals(1, api.get("/api/tenants/demo/apps", platform).jsonArray().size(), "one app, however often the service started");
        assertEquals(1, api.get("/api/tenants/demo/reports", platform).jsonArray().stream()
                .filter(r -> r.asJsonObject().getString("id").equals("demo-sales")).count());
    }

    // ---- builtin report data ---------------------------------------------------------------------------

    @Test
    void embedTokenOpensTheReportsFigures() {
        JsonObject embed = embedToken();
        Reply data = data("demo-sales", "EmbedToken " + embed.getString("token"));
        assertEquals(200, data.status(), data.toString());
        assertEquals("no-store", data.header("Cache-Control"));
        JsonObject figures = data.json();
        assertEquals("demo-sales", figures.getString("reportId"));
        assertEquals("demo", figures.getString("tenant"));
        assertEquals(12, figures.getJsonArray("months").size());
        assertEquals(4, figures.getJsonArray("regions").size());
        assertEquals(12, figures.getJsonArray("regions").getJsonObject(0).getJsonArray("sales").size());
        assertEquals(data.body(), data("demo-sales", "EmbedToken " + embedToken().getString("token")).body(),
                "the same figures with the next token");
    }

    @Test
    void expiredEmbedTokenIsTokenExpired() {
        JsonObject embed = embedToken();
        Instant expiration = Instant.parse(embed.getString("expiration"));
        api.advanceClock(Duration.between(Instant.now(), expiration).toSeconds() + 5);
        Reply data = data("demo-sales", "EmbedToken " + embed.getString("token"));
        assertEquals(401, data.status(), data.toString());
        assertEquals("TokenExpired", data.error());
        assertTrue(data.header("WWW-Authenticate").startsWith("EmbedToken "), data.header("WWW-Authenticate"));
    }

    @Test
    void embedTokenOfAnotherReportIsRefused() {
        Reply data = data("other-report", "EmbedToken " + embedToken().getString("token"));
        assertEquals(401, data.status(), data.toString());
        assertEquals("invalid_token", data.error());
        assertTrue(data.json().getString("error_description").contains("'demo-sales'"), data.toString());
    }

    @Test
    void userAccessTokenIsNotAnEmbedToken() {
        String access = signIn("ada").json().getString("access_token");
        for (String authorization : new String[] {"EmbedToken " + access, "Bearer " + access}) {
            Reply data = data("demo-sales", authorization);
            assertEquals(401, data.status(), authorization.substring(0, 10) + ": " + data);
            assertEquals("invalid_token", data.error());
        }
    }

    @Test
    void noTokenIsUnauthorized() {
        Reply data = data("demo-sales", null);
        assertEquals(401, data.status(), data.toString());
        assertEquals("invalid_token", data.error());
        assertTrue(data.header("WWW-Authenticate").contains("error=\"invalid_token\""), data.header("WWW-Authenticate"));
    }

    // ---- what a browser loads ------------------------------------------------------------------------

    @Test
    void embedUrlServesTheReportPageForAnIframe() {
        Reply page = api.get("/embed/reports/demo-sales", null);
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors"), "framable from a customer's portal");
        assertTrue(page.body().contains("../../demo/report-chart.js"), page.body());
    }

    @Test
    void demoPageAndBrowserClientsAreServed() {
        Reply page = api.get("/demo/", null);
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.body().contains("Tokenkeeper demo viewer"));
        for (String script : new String[] {"/js/tokenkeeper-viewer.js", "/js/tokenkeeper-powerbi.js", "/demo/demo.js"}) {
            Reply js = api.get(script, null);
            assertEquals(200, js.status(), script + ": " + js);
            assertTrue(js.header("Content-Type").contains("javascript"), script + ": " + js.header("Content-Type"));
        }
        Reply bare = api.get("/demo", null);
        assertEquals(302, bare.status(), bare.toString());
        assertTrue(bare.header("Location").endsWith("/demo/"), bare.header("Location"));
        assertEquals(404, api.get("/demo/nothing-here.js", null).status());
        Reply icon = api.get("/favicon.ico", null); // every browser asks for it: a 404 in each page's console otherwise
        assertEquals(200, icon.status(), icon.toString());
        assertTrue(icon.header("Content-Type").startsWith("image/"), icon.header("Content-Type"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Reply data(String reportId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base + "/embed/reports/" + reportId + "/data"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.send(request.build());
    }

    private Reply signIn(String name) {
        return api.postJson("/api/demo/sign-in", null, "{\"name\":\"" + name + "\"}");
    }

    private JsonObject embedToken() {
        String user = signIn("grace").json().getString("access_token");
        Reply reply = api.postJson("/api/embed/token", user, "{\"reportId\":\"demo-sales\"}");
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }
}
