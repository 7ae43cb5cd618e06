package dev.tokenkeeper.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code powerbi} provider end to end: the server under test talks to a WireMock fake of Entra
 * ID and Power BI on a fixed port, which the pom hands it as {@code TOKENKEEPER_POWERBI_AUTHORITY_URL}
 * and {@code TOKENKEEPER_POWERBI_API_URL}. Each test uses fresh Entra ids, so the server's Entra
 * token cache carries nothing from one test to the next.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PowerBiIT {

    private static final String GENERATE_PATH = "/v1.0/myorg/GenerateToken";

    private static WireMockServer microsoft;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;
    TenantFixture tenant;
    final String entraTenantId = UUID.randomUUID().toString();
    final String clientId = UUID.randomUUID().toString();
    final String secret = "it~" + UUID.randomUUID().toString().replace("-", "");
    final String workspaceId = UUID.randomUUID().toString();
    final String powerBiReportId = UUID.randomUUID().toString();
    final String datasetId = UUID.randomUUID().toString();

    @BeforeAll
    static void startFake() {
        microsoft = new WireMockServer(options().bindAddress("127.0.0.1").port(Integer.getInteger("it.powerbi.port", 18089)));
        microsoft.start();
    }

    @AfterAll
    static void stopFake() {
        if (microsoft != null) {
            microsoft.stop();
        }
    }

    @BeforeEach
    void tenantAndFake() {
        api = new Api(deploymentUrl);
        api.resetClock();
        tenant = api.newTenant("pbi", true);
        microsoft.resetAll();
        microsoft.stubFor(post(urlPathEqualTo(tokenPath())).withFormParam("client_secret", equalTo(secret))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"entra-it\"}")));
        microsoft.stubFor(get(urlPathEqualTo(reportPath())).withHeader("Authorization", equalTo("Bearer entra-it"))
                .willReturn(okJson("{\"id\":\"" + powerBiReportId + "\",\"name\":\"Sales\",\"embedUrl\":\"" + embedUrl() + "\","
                        + "\"datasetId\":\"" + datasetId + "\"}")));
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).withHeader("Authorization", equalTo("Bearer entra-it"))
                .willReturn(okJson("{\"token\":\"H4sI-it-embed-token\",\"tokenId\":\"8d0b7a47-1b2c-4d5e-8f90-1a2b3c4d5e6f\","
                        + "\"expiration\":\"2031-01-01T12:00:00Z\"}")));
    }

    // ---- the connection ------------------------------------------------------------------------------

    @Test
    void connectionIsStoredAndShownWithoutItsSecretAndAudited() {
        Reply put = putConnection(tenant, connectionJson(secret));
        assertEquals(200, put.status(), put.toString());
        assertShowsConnectionWithoutSecret(put);
        Reply shown = api.get(connectionPath(tenant), tenant.adminToken());
        assertEquals(200, shown.status(), shown.toString());
        assertShowsConnectionWithoutSecret(shown);

        Reply audit = api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken());
        assertTrue(audit.body().contains("POWERBI_CONNECTION_CHANGED"), audit.toString());
        assertFalse(audit.body().contains(secret), "the audit log never holds the secret");
    }

    @Test
    void secretMayBeLeftOutToKeepItWhileTheAppStaysTheSame() {
        assertEquals(200, putConnection(tenant, connectionJson(secret)).status());
        Reply kept = putConnection(tenant, "{\"entraTenantId\":\"" + entraTenantId + "\",\"clientId\":\"" + clientId + "\"}");
        assertEquals(200, kept.status(), kept.toString());
        assertTrue(kept.json().getBoolean("clientSecretSet"));

        Reply otherApp = putConnection(tenant, "{\"entraTenantId\":\"" + entraTenantId + "\",\"clientId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(400, otherApp.status(), otherApp.toString());
        assertTrue(otherApp.json().getJsonObject("fields").containsKey("clientSecret"), otherApp.toString());
    }

    @Test
    void invalidConnectionIsRefusedFieldByField() {
        Reply reply = putConnection(tenant, "{\"entraTenantId\":\"contoso\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"has space\"}");
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_request", reply.error());
        JsonObject fields = reply.json().getJsonObject("fields");
        assertTrue(fields.containsKey("entraTenantId") && fields.containsKey("clientSecret"), reply.toString());

        Reply noSecret = putConnection(tenant, "{\"entraTenantId\":\"" + entraTenantId + "\",\"clientId\":\"" + clientId + "\"}");
        assertEquals(400, noSecret.status(), noSecret.toString());
        assertTrue(noSecret.json().getJsonObject("fields").containsKey("clientSecret"), noSecret.toString());
        assertEquals(404, api.get(connectionPath(tenant), tenant.adminToken()).status(), "nothing was stored");
    }

    @Test
    void anotherTenantsAdminCannotReadOrSetTheConnection() {
        assertEquals(200, putConnection(tenant, connectionJson(secret)).status());
        TenantFixture other = api.newTenant("pbi-other", true);
        assertEquals(403, api.get(connectionPath(tenant), other.adminToken()).status());
        assertEquals(403, api.sendJson("PUT", connectionPath(tenant), other.adminToken(), connectionJson("x")).status());
    }

    // ---- reports and tokens ----------------------------------------------------------------------------

    @Test
    void userGetsPowerBiEmbedTokenCarryingTheirRowLevelSecurityIdentity() {
        assertEquals(200, putConnection(tenant, connectionJson(secret)).status());
        Reply registered = registerPowerBiReport("{\"roles\":[\"Sales EMEA\"]}");
        assertEquals(201, registered.status(), registered.toString());
        JsonObject view = registered.json();
        assertEquals("powerbi", view.getString("provider"));
        assertEquals(workspaceId, view.getJsonObject("powerBi").getString("workspaceId"));
        assertEquals(List.of("Sales EMEA"), view.getJsonObject("rowLevelSecurity").getJsonArray("roles").getValuesAs(
                jakarta.json.JsonString::getString));

        Reply token = api.postJson("/api/embed/token", api.signIn(tenant, "ada").getString("access_token"), "{\"reportId\":\"sales-pbi\"}");

        assertEquals(200, token.status(), token.toString());
        assertEquals("H4sI-it-embed-token", token.json().getString("token"));
        assertEquals("8d0b7a47-1b2c-4d5e-8f90-1a2b3c4d5e6f", token.json().getString("tokenId"));
        assertEquals("2031-01-01T12:00:00Z", token.json().getString("expiration"));
        assertEquals("sales-pbi", token.json().getString("reportId"));
        assertEquals(embedUrl(), token.json().getString("embedUrl"));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(tokenPath()))
                .withFormParam("grant_type", equalTo("client_credentials")).withFormParam("client_id", equalTo(clientId))
                .withFormParam("scope", equalTo("https://analysis.windows.net/powerbi/api/.default")));
        microsoft.verify(1, getRequestedFor(urlPathEqualTo(reportPath())));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"datasets\":[{\"id\":\"" + datasetId + "\"}],\"reports\":[{\"id\":\"" + powerBiReportId + "\"}],"
                        + "\"identities\":[{\"username\":\"ada\",\"roles\":[\"Sales EMEA\"],\"datasets\":[\"" + datasetId + "\"]}],"
                        + "\"lifetimeInMinutes\":60}")));
    }

    @Test
    void powerBiFailingIs503WithRetryAfter() {
        assertEquals(200, putConnection(tenant, connectionJson(secret)).status());
        assertEquals(201, registerPowerBiReport(null).status());
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"ServiceUnavailable\"}}")));

        Reply reply = api.postJson("/api/embed/token", api.signIn(tenant, "ada").getString("access_token"), "{\"reportId\":\"sales-pbi\"}");

        assertEquals(503, reply.status(), reply.toString());
        assertEquals("temporarily_unavailable", reply.error());
        assertTrue(Long.parseLong(reply.header("Retry-After")) >= 1, "Retry-After: " + reply.header("Retry-After"));
        assertTrue(reply.json().getString("error_description").contains("GenerateToken"), reply.toString());
        microsoft.verify(4, postRequestedFor(urlPathEqualTo(GENERATE_PATH))); // the default policy: 4 attempts
    }

    @Test
    void powerBiReportNeedsItsIdsAsGuids() {
        assertEquals(200, putConnection(tenant, connectionJson(secret)).status());
        Reply noIds = api.postJson(reports(), tenant.adminToken(), "{\"id\":\"x\",\"name\":\"X\",\"provider\":\"powerbi\"}");
        assertEquals(400, noIds.status(), noIds.toString());
        assertTrue(noIds.json().getJsonObject("fields").containsKey("powerBi"), noIds.toString());

        Reply notGuid = api.postJson(reports(), tenant.adminToken(), "{\"id\":\"x\",\"name\":\"X\",\"provider\":\"powerbi\","
                + "\"powerBi\":{\"workspaceId\":\"sales\",\"reportId\":\"" + powerBiReportId + "\",\"datasetId\":\"" + datasetId + "\"}}");
        assertEquals(400, notGuid.status(), notGuid.toString());
        assertTrue(notGuid.json().getJsonObject("fields").containsKey("powerBi.workspaceId"), notGuid.toString());
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Reply putConnection(TenantFixture owner, String json) {
        return api.sendJson("PUT", connectionPath(owner), owner.adminToken(), json);
    }

    private Reply registerPowerBiReport(String rowLevelSecurity) {
        return api.postJson(reports(), tenant.adminToken(), "{\"id\":\"sales-pbi\",\"name\":\"Sales (Power BI)\",\"provider\":\"powerbi\","
                + "\"powerBi\":{\"workspaceId\":\"" + workspaceId + "\",\"reportId\":\"" + powerBiReportId + "\",\"datasetId\":\"" + datasetId + "\"}"
                + (rowLevelSecurity == null ? "" : ",\"rowLevelSecurity\":" + rowLevelSecurity) + "}");
    }

    private void assertShowsConnectionWithoutSecret(Reply reply) {
        JsonObject json = reply.json();
        assertEquals(entraTenantId, json.getString("entraTenantId"));
        assertEquals(clientId, json.getString("clientId"));
        assertTrue(json.getBoolean("clientSecretSet"));
        assertFalse(json.containsKey("clientSecret"), reply.toString());
        assertFalse(reply.body().contains(secret), "the secret is never sent back");
    }

    private String connectionJson(String clientSecret) {
        return "{\"entraTenantId\":\"" + entraTenantId + "\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + clientSecret + "\"}";
    }

    private static String connectionPath(TenantFixture owner) {
        return "/api/tenants/" + owner.slug() + "/powerbi";
    }

    private String reports() {
        return "/api/tenants/" + tenant.slug() + "/reports";
    }

    private String tokenPath() {
        return "/" + entraTenantId + "/oauth2/v2.0/token";
    }

    private String reportPath() {
        return "/v1.0/myorg/groups/" + workspaceId + "/reports/" + powerBiReportId;
    }

    private String embedUrl() {
        return "https://app.powerbi.com/reportEmbed?reportId=" + powerBiReportId + "&groupId=" + workspaceId;
    }
}
