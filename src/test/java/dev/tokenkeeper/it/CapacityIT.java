package dev.tokenkeeper.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
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
 * The complete settings API (capacity object, field validation, warnings, ETag / If-Match, audit)
 * and the capacity API (state, resume, pause, on-demand pause after idle, the azure driver against a
 * WireMock fake of Entra ID and Azure Resource Manager), on PostgreSQL. The server's evaluator runs
 * every 2 s here (TOKENKEEPER_CAPACITY_EVALUATE_SECONDS in the pom). The clock only moves forward in
 * this class: transitions under way are timed by it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CapacityIT {

    static final String SUBSCRIPTION = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    static final String ENTRA_TENANT = "0b5a1d6c-1f2e-4c3d-9a8b-7c6d5e4f3a2b";
    static final String CLIENT_ID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
    static final String CLIENT_SECRET = "Arm~secret.not-real_0123456789";

    private static WireMockServer azure;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;

    @BeforeAll
    static void fakeAzure() {
        azure = new WireMockServer(options().bindAddress("127.0.0.1").port(Integer.getInteger("it.powerbi.port", 18089)));
        azure.start();
        azure.stubFor(post(urlPathEqualTo("/" + ENTRA_TENANT + "/oauth2/v2.0/token"))
                .withRequestBody(containing("scope=https%3A%2F%2Fmanagement.azure.com%2F.default"))
                .withRequestBody(containing("client_secret=" + CLIENT_SECRET.replace("~", "%7E")))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"arm-access-token\"}")));
    }

    @AfterAll
    static void stopAzure() {
        if (azure != null) {
            azure.stop();
        }
    }

    @BeforeEach
    void client() {
        api = new Api(deploymentUrl);
    }

    // ---- settings ------------------------------------------------------------------------------

    static String settings(TenantFixture tenant) {
        return "/api/tenants/" + tenant.slug() + "/settings";
    }

    static String capacity(TenantFixture tenant) {
        return "/api/tenants/" + tenant.slug() + "/capacity";
    }

    @Test
    void theCapacityObjectIsStoredAndShownBack() {
        TenantFixture tenant = api.newTenant("cap-store", true);
        Reply get = api.get(settings(tenant), tenant.adminToken());
        assertEquals("manual", get.json().getJsonObject("capacity").getString("mode"), "defaults keep today's behaviour");
        assertEquals("active", api.get(capacity(tenant), tenant.adminToken()).json().getString("state"));
        Reply put = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"capacity\":{\"mode\":\"scheduled\",\"autoPauseMinutes\":45,"
                + "\"keepAlive\":\"selected\",\"keepAliveUsers\":[\"lobby-tv\"],\"windows\":[{\"days\":[\"FRI\",\"MON\"],\"from\":\"00:00\","
                + "\"to\":\"23:59\",\"zone\":\"America/Sao_Paulo\"},{\"days\":[\"SUN\"],\"from\":\"22:00\",\"to\":\"06:00\",\"zone\":\"Europe/Berlin\"}]}}");
        assertEquals(200, put.status(), put.toString());
        JsonObject capacity = api.get(settings(tenant), tenant.adminToken()).json().getJsonObject("capacity");
        assertEquals("scheduled", capacity.getString("mode"));
        assertEquals(45, capacity.getInt("autoPauseMinutes"));
        assertEquals("selected", capacity.getString("keepAlive"));
        assertEquals("lobby-tv", capacity.getJsonArray("keepAliveUsers").getString(0));
        JsonObject window = capacity.getJsonArray("windows").getJsonObject(0);
        assertEquals("MON", window.getJsonArray("days").getString(0), "days in week order");
        assertEquals("FRI", window.getJsonArray("days").getString(1));
        assertEquals("00:00", window.getString("from"));
        assertEquals("23:59", window.getString("to"));
        assertEquals("America/Sao_Paulo", window.getString("zone"));
        assertEquals("22:00", capacity.getJsonArray("windows").getJsonObject(1).getString("from"));
        Reply partial = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"capacity\":{\"autoPauseMinutes\":60}}");
        assertEquals(200, partial.status(), partial.toString());
        JsonObject kept = partial.json().getJsonObject("capacity");
        assertEquals(60, kept.getInt("autoPauseMinutes"));
        assertEquals("scheduled", kept.getString("mode"), "a field left out keeps its value");
        assertEquals(2, kept.getJsonArray("windows").size());
    }

    @Test
    void eachFieldIsValidatedAndNamed() {
        TenantFixture tenant = api.newTenant("cap-fields", true);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "body");
        cases.put("[1]", "body");
        cases.put("{\"timedRefreshMinutes\":", "body");
        cases.put("{\"timedRefreshMinutes\":-1}", "timedRefreshMinutes");
        cases.put("{\"timedRefreshMinutes\":\"often\"}", "timedRefreshMinutes");
        cases.put("{\"timedRefreshMinutes\":30,\"embedTokenMinutes\":30}", "timedRefreshMinutes");
        cases.put("{\"timedRefreshMinutes\":60}", "timedRefreshMinutes");
        cases.put("{\"embedTokenMinutes\":61}", "embedTokenMinutes");
        cases.put("{\"refreshOnInteraction\":\"yes\"}", "refreshOnInteraction");
        cases.put("{\"capacity\":[]}", "capacity");
        cases.put("{\"capacity\":{\"mode\":\"sometimes\"}}", "capacity.mode");
        cases.put("{\"capacity\":{\"autoPauseMinutes\":4}}", "capacity.autoPauseMinutes");
        cases.put("{\"capacity\":{\"autoPauseMinutes\":1441}}", "capacity.autoPauseMinutes");
        cases.put("{\"capacity\":{\"keepAlive\":\"friends\"}}", "capacity.keepAlive");
        cases.put("{\"capacity\":{\"keepAlive\":\"selected\",\"keepAliveUsers\":[]}}", "capacity.keepAliveUsers");
        cases.put("{\"capacity\":{\"keepAliveUsers\":[\"\"]}}", "capacity.keepAliveUsers[0]");
        cases.put("{\"capacity\":{\"keepAliveUsers\":[\"tv\",\"tv\"]}}", "capacity.keepAliveUsers[1]");
        cases.put("{\"capacity\":{\"keepAliveUsers\":[\"" + "u".repeat(256) + "\"]}}", "capacity.keepAliveUsers[0]");
        cases.put("{\"capacity\":{\"keepAliveUsers\":[" + String.join(",", Collections.nCopies(201, "\"tv\"")) + "]}}", "capacity.keepAliveUsers");
        cases.put("{\"capacity\":{\"mode\":\"scheduled\",\"windows\":[]}}", "capacity.windows");
        cases.put(window("[\"MONDAY\"]", "\"08:00\"", "\"18:00\"", "\"UTC\""), "capacity.windows[0].days");
        cases.put(window("[]", "\"08:00\"", "\"18:00\"", "\"UTC\""), "capacity.windows[0].days");
        cases.put(window("[\"MON\"]", "\"8am\"", "\"18:00\"", "\"UTC\""), "capacity.windows[0].from");
        cases.put(window("[\"MON\"]", "\"08:00\"", "\"24:00\"", "\"UTC\""), "capacity.windows[0].to");
        cases.put(window("[\"MON\"]", "\"08:00\"", "\"08:00\"", "\"UTC\""), "capacity.windows[0].to");
        cases.put(window("[\"MON\"]", "\"08:00\"", "\"18:00\"", "\"Mars/Olympus_Mons\""), "capacity.windows[0].zone");
        cases.put(window("[\"MON\"]", "\"08:00\"", "\"18:00\"", "null"), "capacity.windows[0].zone");
        String etag = api.get(settings(tenant), tenant.adminToken()).header("ETag");
        cases.forEach((body, field) -> {
            Reply put = api.sendJson("PUT", settings(tenant), tenant.adminToken(), body);
            assertEquals(400, put.status(), body + " → " + put);
            JsonObject fields = put.json().getJsonObject("fields");
            assertTrue(fields.containsKey(field), body + " should name " + field + ": " + put.body());
            assertFalse(fields.getString(field).isBlank());
        });
        assertEquals(etag, api.get(settings(tenant), tenant.adminToken()).header("ETag"), "nothing was stored");
    }

    static String window(String days, String from, String to, String zone) {
        return "{\"capacity\":{\"mode\":\"scheduled\",\"windows\":[{\"days\":" + days + ",\"from\":" + from + ",\"to\":" + to + ",\"zone\":" + zone + "}]}}";
    }

    @Test
    void aRequestWithSeveralErrorsNamesThemAllAndChangesNothing() {
        TenantFixture tenant = api.newTenant("cap-several", true);
        int auditBefore = api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).jsonArray().size();
        Reply put = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"timedRefreshMinutes\":10,\"embedTokenMinutes\":3,"
                + "\"refreshOnInteraction\":false,\"capacity\":{\"mode\":\"on-demand\",\"autoPauseMinutes\":2,\"keepAlive\":\"selected\","
                + "\"keepAliveUsers\":[],\"windows\":[{\"days\":[\"XYZ\"],\"from\":\"9\",\"to\":\"17:00\",\"zone\":\"Nowhere/City\"}]}}");
        assertEquals(400, put.status(), put.toString());
        assertEquals("invalid_request", put.error());
        JsonObject fields = put.json().getJsonObject("fields");
        for (String field : new String[] {"embedTokenMinutes", "capacity.autoPauseMinutes", "capacity.keepAliveUsers", "capacity.windows[0].days",
                "capacity.windows[0].from", "capacity.windows[0].zone"}) {
            assertTrue(fields.containsKey(field), field + " missing in " + put.body());
        }
        JsonObject unchanged = api.get(settings(tenant), tenant.adminToken()).json();
        assertEquals(0, unchanged.getInt("timedRefreshMinutes"), "the valid fields were not stored either");
        assertTrue(unchanged.getBoolean("refreshOnInteraction"));
        assertEquals("manual", unchanged.getJsonObject("capacity").getString("mode"));
        assertEquals(auditBefore, api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).jsonArray().size(), "nothing audited");
    }

    @Test
    void theAutoPauseWarningAppearsExactlyWhenTheConflictExists() {
        TenantFixture tenant = api.newTenant("cap-warn", true);
        Reply conflict = api.sendJson("PUT", settings(tenant), tenant.adminToken(),
                "{\"timedRefreshMinutes\":30,\"capacity\":{\"mode\":\"on-demand\",\"keepAlive\":\"everyone\"}}");
        assertEquals(200, conflict.status(), conflict.toString());
        JsonArray warnings = conflict.json().getJsonArray("warnings");
        assertEquals(1, warnings.size(), conflict.body());
        assertTrue(warnings.getString(0).contains("selected users"), "proposes the alternative: " + warnings.getString(0));
        assertEquals(1, api.get(settings(tenant), tenant.adminToken()).json().getJsonArray("warnings").size(), "GET shows it too");
        Reply selected = api.sendJson("PUT", settings(tenant), tenant.adminToken(),
                "{\"capacity\":{\"keepAlive\":\"selected\",\"keepAliveUsers\":[\"lobby-tv\"]}}");
        assertEquals(0, selected.json().getJsonArray("warnings").size(), selected.body());
        Reply everyoneAgain = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"capacity\":{\"keepAlive\":\"everyone\"}}");
        assertEquals(1, everyoneAgain.json().getJsonArray("warnings").size(), everyoneAgain.body());
        Reply timedOff = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"timedRefreshMinutes\":0}");
        assertEquals(0, timedOff.json().getJsonArray("warnings").size(), timedOff.body());
        Reply manual = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"timedRefreshMinutes\":30,\"capacity\":{\"mode\":\"manual\"}}");
        assertEquals(0, manual.json().getJsonArray("warnings").size(), manual.body());
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndChangesNothing() {
        TenantFixture tenant = api.newTenant("cap-etag", true);
        Reply first = api.get(settings(tenant), tenant.adminToken());
        String etag = first.header("ETag");
        assertNotNull(etag, "GET answers an ETag");
        Reply matching = ifMatch(tenant, etag, "{\"timedRefreshMinutes\":5}");
        assertEquals(200, matching.status(), matching.toString());
        String next = matching.header("ETag");
        assertNotNull(next, "PUT answers the new ETag");
        assertNotEquals(etag, next);
        Reply stale = ifMatch(tenant, etag, "{\"timedRefreshMinutes\":7}");
        assertEquals(412, stale.status(), stale.toString());
        assertEquals("precondition_failed", stale.error());
        assertFalse(stale.json().getString("error_description").isBlank());
        assertEquals(5, api.get(settings(tenant), tenant.adminToken()).json().getInt("timedRefreshMinutes"), "the stale PUT changed nothing");
        assertEquals(next, api.get(settings(tenant), tenant.adminToken()).header("ETag"));
        Reply without = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"timedRefreshMinutes\":8}");
        assertEquals(200, without.status(), "a PUT without If-Match still works: " + without);
        assertEquals(200, ifMatch(tenant, "*", "{\"timedRefreshMinutes\":9}").status());
    }

    Reply ifMatch(TenantFixture tenant, String etag, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base + settings(tenant))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + tenant.adminToken()).header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aSettingsChangeIsAuditedWithWhoBeforeAndAfter() {
        TenantFixture tenant = api.newTenant("cap-audit", true);
        api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"timedRefreshMinutes\":12,\"capacity\":{\"mode\":\"on-demand\"}}");
        JsonObject event = latest(tenant, "SETTINGS_CHANGED");
        String who = subjectOf(tenant.adminToken());
        assertEquals(who, event.getString("subject"));
        String detail = event.getString("detail");
        assertTrue(detail.contains("by " + who), detail);
        assertTrue(detail.contains("timedRefreshMinutes: 0 → 12"), detail);
        assertTrue(detail.contains("capacity.mode: manual → on-demand"), detail);
        assertFalse(detail.contains("embedTokenMinutes"), "only what changed: " + detail);
    }

    // ---- isolation -------------------------------------------------------------------------------

    @Test
    void anotherTenantsAdminIsRefusedOnEverySettingsAndCapacityRoute() {
        TenantFixture mine = api.newTenant("cap-iso-a", true);
        TenantFixture theirs = api.newTenant("cap-iso-b", true);
        String token = mine.adminToken();
        assertEquals(403, api.get(settings(theirs), token).status());
        assertEquals(403, api.sendJson("PUT", settings(theirs), token, "{\"timedRefreshMinutes\":5}").status());
        assertEquals(403, api.get(capacity(theirs), token).status());
        assertEquals(403, api.postJson(capacity(theirs) + "/pause", token, "").status());
        assertEquals(403, api.postJson(capacity(theirs) + "/resume", token, "").status());
        assertEquals(403, api.get(capacity(theirs) + "/azure", token).status());
        assertEquals(403, api.sendJson("PUT", capacity(theirs) + "/azure", token, azureConnection("isolated")).status());
        assertEquals(403, api.sendJson("DELETE", capacity(theirs) + "/azure", token, null).status());
        assertEquals("active", api.get(capacity(theirs), theirs.adminToken()).json().getString("state"), "their capacity was not touched");
        assertEquals(0, api.get(settings(theirs), theirs.adminToken()).json().getInt("timedRefreshMinutes"));
        assertEquals(404, api.get(capacity(theirs) + "/azure", theirs.adminToken()).status(), "no connection was set");
    }

    // ---- the capacity, simulated -----------------------------------------------------------------

    @Test
    void anAdminPausesAndResumesTheCapacityAndEachTransitionIsAudited() {
        TenantFixture tenant = api.newTenant("cap-manual", true);
        JsonObject active = api.get(capacity(tenant), tenant.adminToken()).json();
        assertEquals("active", active.getString("state"));
        assertEquals("manual", active.getString("mode"));
        assertEquals("simulated", active.getString("driver"));
        assertTrue(isNull(active, "pausesAt"), "manual never pauses by itself");
        assertTrue(isNull(active, "problem"));
        Instant.parse(active.getString("since"));
        Reply pause = api.postJson(capacity(tenant) + "/pause", tenant.adminToken(), "");
        assertEquals(200, pause.status(), pause.toString());
        assertEquals("paused", pause.json().getString("state"));
        assertEquals("paused", api.get(capacity(tenant), tenant.adminToken()).json().getString("state"));
        assertEquals(200, api.postJson(capacity(tenant) + "/pause", tenant.adminToken(), "").status(), "pausing a paused capacity is no error");
        Reply resume = api.postJson(capacity(tenant) + "/resume", tenant.adminToken(), "");
        assertEquals(200, resume.status(), resume.toString());
        assertEquals("active", resume.json().getString("state"));
        String who = subjectOf(tenant.adminToken());
        for (String type : new String[] {"CAPACITY_PAUSING", "CAPACITY_PAUSED", "CAPACITY_RESUMING", "CAPACITY_RESUMED"}) {
            JsonObject event = latest(tenant, type);
            assertEquals(who, event.getString("subject"), type);
        }
        assertTrue(latest(tenant, "CAPACITY_PAUSING").getString("detail").contains("active → pausing"));
    }

    /** Issue 9 §4: each state a transition reaches is counted (other tenants' evaluators may add to it: at least). */
    @Test
    void metricsCountTheCapacityTransitionsByStateReached() {
        TenantFixture tenant = api.newTenant("cap-metrics", true);
        Scrape before = api.metrics();
        assertEquals(200, api.postJson(capacity(tenant) + "/pause", tenant.adminToken(), "").status());
        assertEquals(200, api.postJson(capacity(tenant) + "/resume", tenant.adminToken(), "").status());
        Scrape after = api.metrics();
        for (String state : new String[] {"pausing", "paused", "resuming", "active"}) {
            assertTrue(before.delta(after, "tokenkeeper_capacity_transitions_total", "state", state) >= 1, state);
        }
    }

    @Test
    void anOnDemandCapacityPausesAfterItsIdleMinutes() throws InterruptedException {
        TenantFixture tenant = api.newTenant("cap-idle", true);
        Reply put = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"capacity\":{\"mode\":\"on-demand\",\"autoPauseMinutes\":5}}");
        assertEquals(200, put.status(), put.toString());
        JsonObject before = api.get(capacity(tenant), tenant.adminToken()).json();
        assertEquals("active", before.getString("state"));
        assertEquals("on-demand", before.getString("mode"));
        Instant pausesAt = Instant.parse(before.getString("pausesAt"));
        Thread.sleep(5000);
        assertEquals("active", api.get(capacity(tenant), tenant.adminToken()).json().getString("state"), "not before its idle minutes");
        api.advanceClock(Duration.between(Instant.now(), pausesAt).getSeconds() + 30);
        JsonObject paused = await(tenant, status -> "paused".equals(status.getString("state")));
        assertTrue(isNull(paused, "pausesAt"));
        JsonObject event = latest(tenant, "CAPACITY_PAUSING");
        assertTrue(event.getString("detail").contains("no activity for 5 min"), event.toString());
        assertFalse(event.containsKey("subject"), "the rules paused it, no one person");
        assertEquals("paused", api.get(capacity(tenant), tenant.adminToken()).json().getString("state"), "an on-demand capacity is not resumed by the clock");
    }

    @Test
    void aScheduledCapacityPausesOutsideItsWindowsUntilAnAdminSaysOtherwise() throws InterruptedException {
        TenantFixture tenant = api.newTenant("cap-sched", true);
        java.time.LocalDate dayAfterTomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2);
        String day = dayAfterTomorrow.getDayOfWeek().name().substring(0, 3);
        Reply put = api.sendJson("PUT", settings(tenant), tenant.adminToken(), "{\"capacity\":{\"mode\":\"scheduled\",\"windows\":[{\"days\":[\""
                + day + "\"],\"from\":\"00:00\",\"to\":\"01:00\",\"zone\":\"UTC\"}]}}");
        assertEquals(200, put.status(), put.toString());
        JsonObject paused = await(tenant, status -> "paused".equals(status.getString("state")));
        assertEquals(dayAfterTomorrow.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), Instant.parse(paused.getString("opensAt")));
        assertTrue(latest(tenant, "CAPACITY_PAUSING").getString("detail").contains("scheduled window closed"));
        assertEquals(200, api.postJson(capacity(tenant) + "/resume", tenant.adminToken(), "").status());
        Thread.sleep(5000);
        assertEquals("active", api.get(capacity(tenant), tenant.adminToken()).json().getString("state"),
                "an admin's resume holds until the next window edge");
    }

    // ---- the capacity on Azure (a WireMock fake of Entra ID and ARM) ----------------------------

    @Test
    void theAzureConnectionIsStoredWithoutShowingTheSecretAndValidated() {
        TenantFixture tenant = api.newTenant("cap-azconn", true);
        Reply bad = api.sendJson("PUT", capacity(tenant) + "/azure", tenant.adminToken(),
                "{\"subscriptionId\":\"nope\",\"resourceGroup\":\"\",\"capacityName\":\"Bad Name\",\"entraTenantId\":\"x\",\"clientId\":\"y\"}");
        assertEquals(400, bad.status(), bad.toString());
        JsonObject fields = bad.json().getJsonObject("fields");
        for (String field : new String[] {"subscriptionId", "resourceGroup", "capacityName", "entraTenantId", "clientId"}) {
            assertTrue(fields.containsKey(field), field + ": " + bad.body());
        }
        Reply set = api.sendJson("PUT", capacity(tenant) + "/azure", tenant.adminToken(), azureConnection("tkconn"));
        assertEquals(200, set.status(), set.toString());
        assertFalse(set.body().contains(CLIENT_SECRET), "the secret is never shown back");
        assertTrue(set.json().getBoolean("clientSecretSet"));
        assertEquals("tkconn", api.get(capacity(tenant) + "/azure", tenant.adminToken()).json().getString("capacityName"));
        assertEquals("azure", api.get(capacity(tenant), tenant.adminToken()).json().getString("driver"));
        assertEquals(200, api.sendJson("PUT", capacity(tenant) + "/azure", tenant.adminToken(), azureConnection("tkconn2").replace(
                ",\"clientSecret\":\"" + CLIENT_SECRET + "\"", "")).status(), "the secret may be left out to keep it");
        assertTrue(latest(tenant, "CAPACITY_CONNECTION_CHANGED").getString("detail").contains("tkconn2"));
        assertEquals(204, api.sendJson("DELETE", capacity(tenant) + "/azure", tenant.adminToken(), null).status());
        assertEquals("simulated", api.get(capacity(tenant), tenant.adminToken()).json().getString("driver"));
    }

    @Test
    void theAzureDriverSuspendsAndResumesFollowingArmsAsynchronousAnswers() {
        TenantFixture tenant = api.newTenant("cap-azure", true);
        String name = "tkslow" + shortId();
        fakeCapacity(name, 2000);
        assertEquals(200, api.sendJson("PUT", capacity(tenant) + "/azure", tenant.adminToken(), azureConnection(name)).status());
        Reply pause = api.postJson(capacity(tenant) + "/pause", tenant.adminToken(), "");
        assertEquals(202, pause.status(), "ARM answered 202: the pause is under way: " + pause);
        assertEquals("pausing", pause.json().getString("state"));
        JsonObject paused = await(tenant, status -> "paused".equals(status.getString("state")));
        assertTrue(isNull(paused, "problem"), paused.toString());
        azure.verify(postRequestedFor(urlPathEqualTo(armPath(name) + "/suspend")).withQueryParam("api-version", equalTo("2021-01-01"))
                .withHeader("Authorization", equalTo("Bearer arm-access-token")));
        azure.verify(getRequestedFor(urlPathEqualTo("/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.PowerBIDedicated/locations/brazilsouth/operationStatuses/suspend-" + name)));
        Reply resume = api.postJson(capacity(tenant) + "/resume", tenant.adminToken(), "");
        assertEquals(202, resume.status(), resume.toString());
        await(tenant, status -> "active".equals(status.getString("state")));
        azure.verify(getRequestedFor(urlPathEqualTo("/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.PowerBIDedicated/locations/brazilsouth/operationResults/resume-" + name)));
        assertNotNull(latest(tenant, "CAPACITY_RESUMED"));
    }

    @Test
    void aFailingArmLeavesTheTransitionVisibleInProblemAndIsRetried() {
        TenantFixture tenant = api.newTenant("cap-azfail", true);
        String name = "tkfail" + shortId();
        fakeCapacity(name, 0);
        // ARM is down for suspend: 500 on every attempt
        StubMapping down = azure.stubFor(post(urlPathEqualTo(armPath(name) + "/suspend")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"ARM is having a bad day\"}}")));
        assertEquals(200, api.sendJson("PUT", capacity(tenant) + "/azure", tenant.adminToken(), azureConnection(name)).status());
        Reply pause = api.postJson(capacity(tenant) + "/pause", tenant.adminToken(), "");
        assertEquals(202, pause.status(), pause.toString());
        JsonObject failing = api.get(capacity(tenant), tenant.adminToken()).json();
        assertEquals("pausing", failing.getString("state"), "a failure leaves the state where it was");
        assertTrue(failing.getString("problem").contains("HTTP 500"), failing.toString());
        assertTrue(failing.getString("problem").contains("ARM is having a bad day"), failing.toString());
        assertNotNull(latest(tenant, "CAPACITY_PROBLEM"));
        // ARM recovers: the evaluator's next look issues the suspend again
        azure.removeStub(down);
        JsonObject paused = await(tenant, status -> "paused".equals(status.getString("state")));
        assertTrue(isNull(paused, "problem"), "cleared by the success: " + paused);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static String armPath(String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/tokenkeeper-rg/providers/Microsoft.PowerBIDedicated/capacities/" + name;
    }

    static String azureConnection(String name) {
        return "{\"subscriptionId\":\"" + SUBSCRIPTION + "\",\"resourceGroup\":\"tokenkeeper-rg\",\"capacityName\":\"" + name + "\","
                + "\"entraTenantId\":\"" + ENTRA_TENANT + "\",\"clientId\":\"" + CLIENT_ID + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\"}";
    }

    /**
     * A faithful fake of one Power BI Embedded capacity under ARM: suspend answers 202 with
     * Azure-AsyncOperation and Retry-After, whose status is InProgress once, then Succeeded; resume
     * answers 202 with Location, 202 once more there, then 200; GET of the capacity shows the
     * transitional states (Pausing, Resuming) and then Paused or Succeeded.
     */
    void fakeCapacity(String name, int suspendDelayMillis) {
        String scenario = "capacity-" + name;
        String base = "http://127.0.0.1:" + azure.port();
        String operations = "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.PowerBIDedicated/locations/brazilsouth";
        String suspendStatus = operations + "/operationStatuses/suspend-" + name;
        String resumeResult = operations + "/operationResults/resume-" + name;
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(capacityJson(name, "Succeeded"))));
        azure.stubFor(post(urlPathEqualTo(armPath(name) + "/suspend")).withHeader("Authorization", equalTo("Bearer arm-access-token"))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("pausing")
                .willReturn(aResponse().withStatus(202).withFixedDelay(suspendDelayMillis)
                        .withHeader("Azure-AsyncOperation", base + suspendStatus + "?api-version=2021-01-01")
                        .withHeader("Location", base + operations + "/operationResults/suspend-" + name + "?api-version=2021-01-01")
                        .withHeader("Retry-After", "1")));
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs("pausing")
                .willReturn(okJson(capacityJson(name, "Pausing"))));
        azure.stubFor(get(urlPathEqualTo(suspendStatus)).inScenario(scenario).whenScenarioStateIs("pausing").willSetStateTo("pausing-2")
                .willReturn(okJson("{\"status\":\"InProgress\"}").withHeader("Retry-After", "1")));
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs("pausing-2")
                .willReturn(okJson(capacityJson(name, "Pausing"))));
        azure.stubFor(get(urlPathEqualTo(suspendStatus)).inScenario(scenario).whenScenarioStateIs("pausing-2").willSetStateTo("paused")
                .willReturn(okJson("{\"status\":\"Succeeded\"}")));
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs("paused")
                .willReturn(okJson(capacityJson(name, "Paused"))));
        azure.stubFor(post(urlPathEqualTo(armPath(name) + "/resume")).inScenario(scenario).whenScenarioStateIs("paused").willSetStateTo("resuming")
                .willReturn(aResponse().withStatus(202).withHeader("Location", base + resumeResult + "?api-version=2021-01-01")
                        .withHeader("Retry-After", "1")));
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs("resuming")
                .willReturn(okJson(capacityJson(name, "Resuming"))));
        azure.stubFor(get(urlPathEqualTo(resumeResult)).inScenario(scenario).whenScenarioStateIs("resuming").willSetStateTo("resuming-2")
                .willReturn(aResponse().withStatus(202).withHeader("Retry-After", "1")));
        azure.stubFor(get(urlPathEqualTo(armPath(name))).inScenario(scenario).whenScenarioStateIs("resuming-2")
                .willReturn(okJson(capacityJson(name, "Resuming"))));
        azure.stubFor(get(urlPathEqualTo(resumeResult)).inScenario(scenario).whenScenarioStateIs("resuming-2").willSetStateTo(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200)));
    }

    static String capacityJson(String name, String state) {
        return "{\"id\":\"" + armPath(name) + "\",\"name\":\"" + name + "\",\"type\":\"Microsoft.PowerBIDedicated/capacities\","
                + "\"location\":\"Brazil South\",\"sku\":{\"name\":\"A1\",\"tier\":\"PBIE_Azure\",\"capacity\":1},"
                + "\"properties\":{\"state\":\"" + state + "\",\"provisioningState\":\"Succeeded\","
                + "\"administration\":{\"members\":[\"admin@example.com\"]},\"mode\":\"Gen2\"}}";
    }

    static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    JsonObject await(TenantFixture tenant, Predicate<JsonObject> wanted) {
        Instant deadline = Instant.now().plusSeconds(40);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            Reply reply = api.get(capacity(tenant), tenant.adminToken());
            assertEquals(200, reply.status(), reply.toString());
            last = reply.json();
            if (wanted.test(last)) {
                return last;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("The capacity did not get there within 40 s; last seen " + last);
    }

    JsonObject latest(TenantFixture tenant, String type) {
        JsonArray events = api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).jsonArray();
        return events.getValuesAs(JsonObject.class).stream().filter(event -> type.equals(event.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
    }

    static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return jakarta.json.Json.createReader(new java.io.StringReader(payload)).readObject().getString("sub");
    }

    static boolean isNull(JsonObject object, String field) {
        return !object.containsKey(field) || object.get(field) == JsonValue.NULL;
    }
}
