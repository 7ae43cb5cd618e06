package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reports of a tenant and {@code POST /api/embed/token}, black-box, on PostgreSQL. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EmbedTokensIT {

    private static final Duration SLACK = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;
    TenantFixture tenant;

    @BeforeEach
    void tenantWithOneReport() {
        api = new Api(deploymentUrl);
        api.resetClock();
        tenant = api.newTenant("embed", true);
        Reply registered = registerReport(tenant, "{\"id\":\"sales.q4\",\"name\":\"Sales Q4\"}");
        assertEquals(201, registered.status(), registered.toString());
    }

    // ---- reports ---------------------------------------------------------------------------------

    @Test
    void registeredReportIsAnsweredWithBuiltinProviderAndListed() {
        Reply created = registerReport(tenant, "{\"id\":\"ops-daily\",\"name\":\"Ops daily\"}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("ops-daily", created.json().getString("id"));
        assertEquals("Ops daily", created.json().getString("name"));
        assertEquals("builtin", created.json().getString("provider"));
        String location = created.header("Location");
        assertTrue(location != null && location.endsWith(reports(tenant) + "/ops-daily"), "Location: " + location);
        assertEquals("Ops daily", api.get(reports(tenant) + "/ops-daily", tenant.adminToken()).json().getString("name"));

        Reply list = api.get(reports(tenant), tenant.adminToken());
        assertEquals(200, list.status(), list.toString());
        JsonArray reports = list.jsonArray();
        assertEquals(List.of("sales.q4", "ops-daily"), reports.stream().map(r -> r.asJsonObject().getString("id")).toList());
    }

    @Test
    void duplicateReportIdInTheTenantIsConflict() {
        Reply duplicate = registerReport(tenant, "{\"id\":\"sales.q4\",\"name\":\"Again\"}");
        assertEquals(409, duplicate.status(), duplicate.toString());
        assertEquals("conflict", duplicate.error());
    }

    @Test
    void sameReportIdInAnotherTenantIsAllowed() {
        TenantFixture other = api.newTenant("embed-other", true);
        assertEquals(201, registerReport(other, "{\"id\":\"sales.q4\",\"name\":\"Theirs\"}").status());
    }

    @Test
    void powerBiReportIsRefusedUntilTheTenantHasAPowerBiConnection() {
        Reply reply = registerReport(tenant, "{\"id\":\"pbi\",\"name\":\"PBI\",\"provider\":\"powerbi\",\"powerBi\":{"
                + "\"workspaceId\":\"f089354e-8366-4e18-aea3-4cb4a3a50b48\",\"reportId\":\"5b218778-e7a5-4d73-8187-f10824047715\","
                + "\"datasetId\":\"cfafbeb1-8037-4d0c-896e-a46fb27ff229\"}}");
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_request", reply.error());
        assertTrue(reply.json().getJsonObject("fields").getString("provider").contains("no Power BI connection"), reply.toString());
        assertEquals(404, api.get(reports(tenant) + "/pbi", tenant.adminToken()).status(), "nothing was stored");
    }

    @Test
    void reportIdOutsideTheAlphabetIsInvalid() {
        Reply reply = registerReport(tenant, "{\"id\":\"sales q4/x\",\"name\":\"Bad\"}");
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_request", reply.error());
        assertTrue(reply.json().getJsonObject("fields").containsKey("id"), reply.toString());
    }

    @Test
    void userTokenCannotRegisterReports() {
        String user = userToken(tenant, "ada");
        assertEquals(403, api.postJson(reports(tenant), user, "{\"id\":\"x\",\"name\":\"x\"}").status());
    }

    // ---- embed tokens ----------------------------------------------------------------------------

    @Test
    void signedInUserGetsEmbedTokenVerifiableThroughJwks() throws Exception {
        Reply reply = embedToken(userToken(tenant, "ada"), "sales.q4");
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject body = reply.json();
        assertEquals("sales.q4", body.getString("reportId"));
        assertTrue(body.getString("embedUrl").endsWith("/embed/reports/sales.q4"), body.toString());
        Instant expiration = Instant.parse(body.getString("expiration"));
        assertTrue(body.getString("expiration").endsWith("Z"), "UTC");

        SignedJWT jwt = SignedJWT.parse(body.getString("token"));
        ECKey key = (ECKey) JWKSet.parse(api.get("/oauth/jwks", null).body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "signed with a published key");
        assertTrue(jwt.verify(new ECDSAVerifier(key)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(null, claims.getSubject(), "a builtin report has no row-level security: its token is shared, naming nobody");
        assertEquals(tenant.slug(), claims.getStringClaim("tenant"));
        assertEquals("sales.q4", claims.getStringClaim("rid"));
        assertEquals("embed", claims.getStringClaim("token_use"));
        assertEquals(List.of("tokenkeeper-embed"), claims.getAudience());
        assertEquals(body.getString("tokenId"), claims.getJWTID());
        assertEquals(expiration, claims.getExpirationTime().toInstant());
        assertAbout(Instant.now().plus(Duration.ofMinutes(60)), expiration);
    }

    @Test
    void embedTokenLifetimeFollowsTheTenantSetting() throws Exception {
        Reply changed = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken(),
                "{\"timedRefreshMinutes\":0,\"embedTokenMinutes\":15,\"refreshOnInteraction\":true}");
        assertEquals(200, changed.status(), "settings endpoint: " + changed);
        Reply reply = embedToken(userToken(tenant, "ada"), "sales.q4");
        assertEquals(200, reply.status(), reply.toString());
        Instant exp = SignedJWT.parse(reply.json().getString("token")).getJWTClaimsSet().getExpirationTime().toInstant();
        assertAbout(Instant.now().plus(Duration.ofMinutes(15)), exp);
    }

    @Test
    void builtinReportWithRowLevelSecurityGetsATokenNamingTheUser() throws Exception {
        Reply created = registerReport(tenant, "{\"id\":\"rls\",\"name\":\"RLS\",\"rowLevelSecurity\":{\"roles\":[\"Sales\"]}}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("Sales", created.json().getJsonObject("rowLevelSecurity").getJsonArray("roles").getString(0), created.toString());
        Reply reply = embedToken(userToken(tenant, "ada"), "rls");
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("ada", SignedJWT.parse(reply.json().getString("token")).getJWTClaimsSet().getSubject(),
                "with row-level security the token is for this user's identity");
    }

    @Test
    void reportOfAnotherTenantIsForbidden() {
        TenantFixture other = api.newTenant("embed-other", true);
        assertEquals(201, registerReport(other, "{\"id\":\"theirs-only\",\"name\":\"Theirs\"}").status());
        Reply reply = embedToken(userToken(tenant, "ada"), "theirs-only");
        assertEquals(403, reply.status(), reply.toString());
        assertEquals("forbidden", reply.error());
    }

    @Test
    void unknownReportIsNotFound() {
        Reply reply = embedToken(userToken(tenant, "ada"), "nowhere-" + UUID.randomUUID());
        assertEquals(404, reply.status(), reply.toString());
        assertEquals("not_found", reply.error());
    }

    @Test
    void noBearerTokenIsUnauthorized() {
        assertEquals(401, embedToken(null, "sales.q4").status());
    }

    @Test
    void appTokenIsForbidden() {
        Reply reply = embedToken(tenant.adminToken(), "sales.q4");
        assertEquals(403, reply.status(), reply.toString());
    }

    @Test
    void missingReportIdIsInvalid() {
        String user = userToken(tenant, "ada");
        Reply empty = api.postJson("/api/embed/token", user, "{}");
        assertEquals(400, empty.status(), empty.toString());
        assertEquals("invalid_request", empty.error());
        assertTrue(empty.json().getJsonObject("fields").containsKey("reportId"), empty.toString());
        assertEquals(400, api.postJson("/api/embed/token", user, "{\"reportId\":\"  \"}").status());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Reply registerReport(TenantFixture owner, String json) {
        return api.postJson(reports(owner), owner.adminToken(), json);
    }

    private Reply embedToken(String bearer, String reportId) {
        return api.postJson("/api/embed/token", bearer, "{\"reportId\":\"" + reportId + "\"}");
    }

    private String userToken(TenantFixture owner, String user) {
        return api.signIn(owner, user).getString("access_token");
    }

    private static String reports(TenantFixture owner) {
        return "/api/tenants/" + owner.slug() + "/reports";
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(SLACK) <= 0, "expected about " + expected + ", was " + actual);
    }
}
