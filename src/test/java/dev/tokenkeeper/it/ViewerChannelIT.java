package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The viewer channel {@code /ws/viewer} with real WebSocket clients, on PostgreSQL, pings every second. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ViewerChannelIT {

    private static final String REPORT = "sales";
    private static final Duration QUIET = Duration.ofMillis(1500);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;
    ClientManager websockets;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        api = new Api(deploymentUrl);
        api.resetClock();
        websockets = ClientManager.createClient();
    }

    @AfterEach
    void closeViewers() throws Exception {
        for (AutoCloseable viewer : open) {
            viewer.close();
        }
        websockets.shutdown();
        api.resetClock();
    }

    // ---- hello ---------------------------------------------------------------------------------

    @Test
    void helloWithAUserTokenGetsTheInitialToken() throws Exception {
        TenantFixture tenant = tenantWithReport("hello", 0, 60, true);
        ViewerClient viewer = viewer().hello(userToken(tenant, "ada"), REPORT);
        JsonObject token = viewer.nextToken("initial");
        assertEquals(REPORT, token.getString("reportId"));
        assertTrue(token.getString("embedUrl").endsWith("/embed/reports/" + REPORT));
        assertAbout(Instant.now().plus(Duration.ofMinutes(60)), Instant.parse(token.getString("expiration")));
        assertEquals(3, token.getString("token").split("\\.").length, "a JWS");
        assertEquals("type", token.keySet().iterator().next(), "type comes first");

        JsonObject listed = onlyViewer(tenant);
        assertEquals("ada", listed.getString("user"));
        assertEquals("live", listed.getString("state"));
        assertEquals(token.getString("tokenId"), listed.getString("tokenId"));
        assertEquals("initial", listed.getString("lastReason"));
    }

    @Test
    void helloAfterAReconnectSaysSo() throws Exception {
        TenantFixture tenant = tenantWithReport("reconnect", 0, 60, true);
        viewer().send("{\"type\":\"hello\",\"accessToken\":\"" + userToken(tenant, "ada") + "\",\"reportId\":\"" + REPORT
                + "\",\"reconnect\":true}").nextToken("reconnect");
    }

    @Test
    void badHellosAreClosedWithPolicyViolation() throws Exception {
        TenantFixture tenant = tenantWithReport("badhello", 0, 60, true);
        TenantFixture other = tenantWithReport("badhello-other", 0, 60, true);
        assertRefused(viewer().hello("not-a-token", REPORT), "access token");
        assertRefused(viewer().hello(tenant.adminToken(), REPORT), "access token"); // an app token names no user
        assertRefused(viewer().send("{\"type\":\"hello\",\"reportId\":\"" + REPORT + "\"}"), "accessToken");
        assertRefused(viewer().send("{\"type\":\"interaction\",\"kind\":\"page\"}"), "hello");
        assertRefused(viewer().send("not json"), "JSON");
        assertRefused(viewer().send("{\"type\":\"subscribe\"}"), "unknown message type");
        api.postJson("/api/tenants/" + other.slug() + "/reports", other.adminToken(), "{\"id\":\"theirs\",\"name\":\"Theirs\"}");
        assertRefused(viewer().hello(userToken(tenant, "ada"), "theirs"), "another tenant");
        assertRefused(viewer().hello(userToken(tenant, "ada"), "nowhere"), "no report");
    }

    @Test
    void aSecondHelloIsAViolation() throws Exception {
        TenantFixture tenant = tenantWithReport("twice", 0, 60, true);
        String user = userToken(tenant, "ada");
        ViewerClient viewer = viewer().hello(user, REPORT);
        viewer.nextToken("initial");
        assertRefused(viewer.hello(user, REPORT), "already");
    }

    @Test
    void anOversizedMessageIsClosedAsTooBig() throws Exception {
        ViewerClient viewer = viewer().send("{\"type\":\"hello\",\"accessToken\":\"" + "x".repeat(5000) + "\",\"reportId\":\"r\"}");
        CloseReason reason = viewer.closeReason(Duration.ofSeconds(10));
        assertEquals(1009, reason.getCloseCode().getCode(), reason.toString());
    }

    // ---- interactions --------------------------------------------------------------------------

    @Test
    void interactionRefreshesOnlyInTheSecondHalfOfTheTokensLife() throws Exception {
        TenantFixture tenant = tenantWithReport("interact", 0, 60, true);
        ViewerClient viewer = viewer().hello(userToken(tenant, "ada"), REPORT);
        JsonObject initial = viewer.nextToken("initial");

        api.advanceClock(Duration.ofMinutes(29).toSeconds());
        viewer.interaction("filter");
        viewer.expectNothing(QUIET);

        api.advanceClock(Duration.ofMinutes(2).toSeconds()); // 31 of 60 minutes: second half
        viewer.interaction("page");
        JsonObject refreshed = viewer.nextToken("interaction");
        assertNotEquals(initial.getString("tokenId"), refreshed.getString("tokenId"));
        assertTrue(Instant.parse(refreshed.getString("expiration")).isAfter(Instant.parse(initial.getString("expiration"))));

        viewer.interaction("visual"); // the new token is young again
        viewer.expectNothing(QUIET);
    }

    @Test
    void interactionDoesNothingWhenTheTenantTurnedItOff() throws Exception {
        TenantFixture tenant = tenantWithReport("nointeract", 0, 60, false);
        ViewerClient viewer = viewer().hello(userToken(tenant, "ada"), REPORT);
        viewer.nextToken("initial");
        api.advanceClock(Duration.ofMinutes(45).toSeconds());
        viewer.interaction("filter");
        viewer.expectNothing(QUIET);
    }

    @Test
    void aTokenThatLapsesUnrefreshedIsReportedAsExpired() throws Exception {
        TenantFixture tenant = tenantWithReport("lapse", 0, 5, false);
        ViewerClient viewer = viewer().hello(userToken(tenant, "ada"), REPORT);
        viewer.nextToken("initial");
        api.advanceClock(Duration.ofMinutes(5).plusSeconds(1).toSeconds());
        JsonObject error = viewer.next(Duration.ofSeconds(5));
        assertEquals("error", error.getString("type"), error.toString());
        assertEquals("ClientError_TokenExpired", error.getString("code"));
        assertTrue(viewer.isOpen(), "the page shows the state; the socket stays");
        viewer.interaction("page");
        viewer.expectNothing(QUIET); // lapsed: only a reload brings it back
        assertEquals("lapsed", onlyViewer(tenant).getString("state"));
    }

    @Test
    void aRevokedSignInGetsNoMoreTokens() throws Exception {
        TenantFixture tenant = tenantWithReport("revoked", 5, 60, true);
        JsonObject signIn = api.signIn(tenant, "ada");
        ViewerClient viewer = viewer().hello(signIn.getString("access_token"), REPORT);
        viewer.nextToken("initial");
        Reply revoked = api.postForm("/oauth/revoke", java.util.Map.of("token", signIn.getString("refresh_token")), null,
                Api.basic(tenant.clientId(), tenant.secret()));
        assertEquals(200, revoked.status(), revoked.toString());

        api.advanceClock(60);
        assertEquals(204, api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "").status());
        assertRefused(viewer, "sign-in has ended");
        assertRefused(viewer().hello(signIn.getString("access_token"), REPORT), "access token"); // nor a new hello with it
    }

    // ---- timed refresh -------------------------------------------------------------------------

    /** Issue 9 §4: viewers connected per tenant and node, a timed round's size and duration, embed mints by provider. */
    @Test
    void metricsShowTheViewersConnectedAndTheTimedRoundTheyGot() throws Exception {
        TenantFixture tenant = tenantWithReport("metrics", 5, 60, true);
        Scrape before = api.metrics();
        List<ViewerClient> viewers = new ArrayList<>();
        for (String user : List.of("ada", "grace", "linus")) {
            ViewerClient viewer = viewer().hello(userToken(tenant, user), REPORT);
            viewer.nextToken("initial");
            viewers.add(viewer);
        }
        assertEquals(3, api.metrics().value("tokenkeeper_viewers_connected", "tenant", tenant.slug()));

        api.advanceClock(60);
        assertEquals(204, api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "").status());
        for (ViewerClient viewer : viewers) {
            viewer.nextToken("timed");
        }
        // the round's clock stops after its last slice is handed over, a moment after the tokens may arrive
        Instant deadline = Instant.now().plusSeconds(5);
        Scrape after = api.metrics();
        while (before.delta(after, "tokenkeeper_viewer_round_duration_seconds_count") < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            after = api.metrics();
        }
        assertEquals(1, before.delta(after, "tokenkeeper_viewer_round_duration_seconds_count"));
        assertEquals(1, before.delta(after, "tokenkeeper_viewer_round_size_count"));
        assertEquals(3, before.delta(after, "tokenkeeper_viewer_round_size_sum"), "the round reached the three viewers");
        assertEquals(2, before.delta(after, "tokenkeeper_embed_mints_total", "provider", "builtin"),
                "one shared mint at hello, one for the round");
        assertEquals(0, before.delta(after, "tokenkeeper_embed_provider_errors_total", "provider", "builtin"));

        viewers.get(0).close();
        deadline = Instant.now().plusSeconds(5);
        while (api.metrics().value("tokenkeeper_viewers_connected", "tenant", tenant.slug()) != 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals(2, api.metrics().value("tokenkeeper_viewers_connected", "tenant", tenant.slug()), "a closed socket leaves the gauge");
    }

    @Test
    void aTimedRoundSendsEveryViewerOfTheTenantExactlyOneSharedToken() throws Exception {
        TenantFixture timed = tenantWithReport("timed", 5, 60, true);
        TenantFixture alsoTimed = tenantWithReport("timed-b", 5, 60, true);
        TenantFixture untimed = tenantWithReport("untimed", 0, 60, true);
        List<ViewerClient> viewers = new ArrayList<>();
        for (String user : List.of("ada", "grace", "linus")) {
            viewers.add(viewer().hello(userToken(timed, user), REPORT));
        }
        viewers.add(viewer().hello(userToken(timed, "ada"), REPORT)); // a second tab of ada
        ViewerClient other = viewer().hello(userToken(alsoTimed, "ada"), REPORT);
        ViewerClient off = viewer().hello(userToken(untimed, "ada"), REPORT);
        Set<String> initialIds = new java.util.HashSet<>();
        for (ViewerClient viewer : viewers) {
            initialIds.add(viewer.nextToken("initial").getString("tokenId"));
        }
        assertEquals(1, initialIds.size(), "viewers of one report share one token");
        other.nextToken("initial");
        off.nextToken("initial");

        api.advanceClock(60);
        assertEquals(204, api.postJson("/test-support/viewers/timed-round/" + timed.slug(), null, "").status());
        Set<String> timedIds = new java.util.HashSet<>();
        for (ViewerClient viewer : viewers) {
            timedIds.add(viewer.nextToken("timed").getString("tokenId"));
        }
        assertEquals(1, timedIds.size(), "one mint per round for the report: " + timedIds);
        assertTrue(!initialIds.containsAll(timedIds), "a fresh token");
        for (ViewerClient viewer : viewers) {
            viewer.expectNothing(Duration.ofMillis(300)); // exactly one each
        }
        other.expectNothing(Duration.ofMillis(300));
        off.expectNothing(Duration.ofMillis(300));
        assertEquals(404, api.postJson("/test-support/viewers/timed-round/" + untimed.slug(), null, "").status(),
                "timed refresh off: no timer at all");
    }

    @Test
    void aSettingsChangeReschedulesTheTenantsTimer() {
        TenantFixture tenant = tenantWithReport("resched", 5, 60, true);
        assertNextRound(tenant, 5);
        putSettings(tenant, 7, 60, true);
        assertNextRound(tenant, 7);
        putSettings(tenant, 0, 60, true);
        JsonObject listed = viewers(tenant);
        assertTrue(!listed.containsKey("timedRefresh") || listed.isNull("timedRefresh"), "cancelled: " + listed);
        assertEquals(404, api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "").status());
    }

    @Test
    void aDeadViewerIsDroppedWithoutHoldingUpTheOthers() throws Exception {
        TenantFixture tenant = tenantWithReport("dead", 5, 60, true);
        ViewerClient live = viewer().hello(userToken(tenant, "ada"), REPORT);
        live.nextToken("initial");
        DeadViewer dead = new DeadViewer(deploymentUrl, "{\"type\":\"hello\",\"accessToken\":\"" + userToken(tenant, "grace")
                + "\",\"reportId\":\"" + REPORT + "\"}");
        open.add(dead);
        awaitViewerCount(tenant, 2, Duration.ofSeconds(5));

        api.advanceClock(60);
        assertEquals(204, api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "").status());
        live.nextToken("timed");

        awaitViewerCount(tenant, 1, Duration.ofSeconds(10)); // no pongs for 2.5 pings: dropped
        assertEquals("ada", onlyViewer(tenant).getString("user"));
    }

    @Test
    void disconnectedViewersReconnectForAFreshToken() throws Exception {
        TenantFixture tenant = tenantWithReport("drop", 0, 60, true);
        ViewerClient viewer = viewer().hello(userToken(tenant, "ada"), REPORT);
        viewer.nextToken("initial");
        Reply dropped = api.postJson("/test-support/viewers/disconnect", null, "");
        assertEquals(200, dropped.status());
        assertEquals(1012, viewer.closeReason(Duration.ofSeconds(5)).getCloseCode().getCode());
        awaitViewerCount(tenant, 0, Duration.ofSeconds(5));
    }

    /**
     * The server closing many viewers at once off their sockets' threads (here an admin-side request; in
     * production the sweep, a round, the thread answering a batch of hellos) while other requests run:
     * Payara 6 recycled a closing socket's pooled request objects twice, so other requests failed under
     * them, mostly after their response went out (only the server log shows it; a 500 now and then).
     */
    @Test
    void closingManyViewersAtOnceLeavesTheOtherRequestsAlone() throws Exception {
        TenantFixture tenant = tenantWithReport("closing", 0, 60, true);
        String token = userToken(tenant, "ada");
        long errorsBefore = containerErrors().getJsonNumber("count").longValue();
        AtomicBoolean done = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService others = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            others.submit(() -> {
                while (!done.get()) {
                    try {
                        Reply reply = api.get("/.well-known/oauth-authorization-server", null);
                        if (reply.status() != 200) {
                            String text = reply.toString();
                            failures.add(text.substring(0, Math.min(120, text.length())));
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        try {
            for (int round = 0; round < 12; round++) {
                List<ViewerClient> viewers = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    viewers.add(viewer().hello(token, REPORT));
                }
                for (ViewerClient viewer : viewers) {
                    viewer.nextToken("initial");
                }
                assertEquals(200, api.postJson("/test-support/viewers/disconnect", null, "").status());
                for (ViewerClient viewer : viewers) {
                    assertEquals(1012, viewer.closeReason(Duration.ofSeconds(10)).getCloseCode().getCode());
                }
            }
        } finally {
            done.set(true);
            others.shutdown();
            assertTrue(others.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), failures);
        JsonObject errors = containerErrors();
        assertEquals(errorsBefore, errors.getJsonNumber("count").longValue(), "the container logged errors: " + errors);
    }

    private JsonObject containerErrors() {
        Reply reply = api.get("/test-support/container-errors", null);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    // ---- a paused capacity ---------------------------------------------------------------------

    @Test
    void aPauseReachesEveryViewerAndTheAllowedUsersResumeBringsEachWaitingViewerOneResumedToken() throws Exception {
        TenantFixture tenant = tenantWithReport("pause", 0, 60, true);
        putCapacity(tenant, "{\"mode\":\"on-demand\",\"autoPauseMinutes\":30,\"keepAlive\":\"selected\","
                + "\"keepAliveUsers\":[\"tv-lobby\"],\"windows\":[]}");
        ViewerClient tv = viewer().hello(userToken(tenant, "tv-lobby"), REPORT);
        ViewerClient ada = viewer().hello(userToken(tenant, "ada"), REPORT);
        ViewerClient adaAgain = viewer().hello(userToken(tenant, "ada"), REPORT); // a second tab
        for (ViewerClient viewer : List.of(tv, ada, adaAgain)) {
            viewer.nextToken("initial");
        }

        Reply paused = api.postJson("/api/tenants/" + tenant.slug() + "/capacity/pause", tenant.adminToken(), "");
        assertEquals(200, paused.status(), paused.toString());
        JsonObject toTv = nextPaused(tv);
        assertTrue(toTv.getBoolean("canResume"), toTv.toString());
        for (ViewerClient viewer : List.of(ada, adaAgain)) {
            JsonObject toAda = nextPaused(viewer);
            assertEquals(false, toAda.getBoolean("canResume"), toAda.toString());
            assertTrue(toAda.getJsonArray("resumableBy").toString().contains("tv-lobby"), toAda.toString());
        }

        assertEquals(3, viewers(tenant).getJsonArray("viewers").stream()
                .filter(v -> "paused".equals(v.asJsonObject().getString("state"))).count(), "what an admin sees: " + viewers(tenant));

        // a newcomer while paused: no token, the pause; a report that does not exist is still refused
        ViewerClient grace = viewer().hello(userToken(tenant, "grace"), REPORT);
        assertEquals(false, nextPaused(grace).getBoolean("canResume"));
        assertRefused(viewer().hello(userToken(tenant, "grace"), "nowhere"), "no report");

        // no timed round while paused, and tokens lapse: nobody is told ClientError_TokenExpired
        assertEquals(204, api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "").status());
        api.advanceClock(Duration.ofMinutes(61).toSeconds());
        for (ViewerClient viewer : List.of(tv, ada, adaAgain, grace)) {
            viewer.expectNothing(Duration.ofMillis(400));
        }
        // the admin's one-hour app token lapsed on the server's clock with everyone else's: ask as the platform admin, signed in now
        tenant = new TenantFixture(tenant.slug(), tenant.idp(), tenant.clientId(), tenant.secret(), api.platformToken());

        ada.send("{\"type\":\"resume\"}");
        JsonObject refused = ada.next(Duration.ofSeconds(10));
        assertEquals("ResumeRefused", refused.getString("code"), refused.toString());
        assertEquals("not-allowed", refused.getString("reason"));
        assertTrue(ada.isOpen(), "refused, not closed");
        assertEquals("paused", capacityState(tenant));

        tv.send("{\"type\":\"resume\"}");
        for (ViewerClient viewer : List.of(tv, ada, adaAgain, grace)) {
            JsonObject resumed = nextTokenAfterResuming(viewer);
            assertTrue(Instant.parse(resumed.getString("expiration")).isAfter(Instant.now().plus(Duration.ofMinutes(61))),
                    "a fresh token on the server's clock: " + resumed);
        }
        for (ViewerClient viewer : List.of(tv, ada, adaAgain, grace)) {
            // exactly one resumed token each; the tenant's 5-minute round may fire now (the CI run of
            // 19:15 met it: the timer keeps wall-clock time, and its round fell in this window)
            viewer.expectNothingButTimedTokens(QUIET);
        }
        assertEquals("active", capacityState(tenant));
        assertEquals(4, viewers(tenant).getJsonArray("viewers").stream()
                .filter(v -> "resumed".equals(v.asJsonObject().getString("lastReason", null))).count());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void putCapacity(TenantFixture tenant, String capacityJson) {
        Reply settings = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken(),
                "{\"timedRefreshMinutes\":5,\"embedTokenMinutes\":60,\"refreshOnInteraction\":true,\"capacity\":" + capacityJson + "}");
        assertEquals(200, settings.status(), settings.toString());
    }

    private String capacityState(TenantFixture tenant) {
        Reply reply = api.get("/api/tenants/" + tenant.slug() + "/capacity", tenant.adminToken());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getString("state");
    }

    /** CapacityPaused with state paused, past a "pausing" notice the capacity's way down may bring; nothing else. */
    private static JsonObject nextPaused(ViewerClient viewer) throws InterruptedException {
        for (;;) {
            JsonObject message = viewer.next(Duration.ofSeconds(10));
            assertEquals("error", message.getString("type"), message.toString());
            assertEquals("CapacityPaused", message.getString("code"), message.toString());
            if ("paused".equals(message.getString("state"))) {
                return message;
            }
            assertEquals("pausing", message.getString("state"), message.toString());
        }
    }

    /** The resumed token, past any "resuming" notices the capacity's way up may bring. */
    private static JsonObject nextTokenAfterResuming(ViewerClient viewer) throws InterruptedException {
        for (;;) {
            JsonObject message = viewer.next(Duration.ofSeconds(15));
            if ("token".equals(message.getString("type"))) {
                assertEquals("resumed", message.getString("reason"), message.toString());
                return message;
            }
            assertEquals("CapacityPaused", message.getString("code", null), message.toString());
            assertNotEquals("paused", message.getString("state"), "only notices of the way up: " + message);
        }
    }

    private ViewerClient viewer() throws Exception {
        ViewerClient viewer = ViewerClient.connect(websockets, deploymentUrl);
        open.add(viewer);
        return viewer;
    }

    private TenantFixture tenantWithReport(String prefix, int timedMinutes, int embedMinutes, boolean onInteraction) {
        TenantFixture tenant = api.newTenant("viewer-" + prefix, true);
        Reply report = api.postJson("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken(),
                "{\"id\":\"" + REPORT + "\",\"name\":\"Sales\"}");
        assertEquals(201, report.status(), report.toString());
        putSettings(tenant, timedMinutes, embedMinutes, onInteraction);
        return tenant;
    }

    private void putSettings(TenantFixture tenant, int timedMinutes, int embedMinutes, boolean onInteraction) {
        Reply settings = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken(),
                "{\"timedRefreshMinutes\":" + timedMinutes + ",\"embedTokenMinutes\":" + embedMinutes
                        + ",\"refreshOnInteraction\":" + onInteraction + "}");
        assertEquals(200, settings.status(), settings.toString());
    }

    private String userToken(TenantFixture tenant, String user) {
        return api.signIn(tenant, user).getString("access_token");
    }

    private JsonObject viewers(TenantFixture tenant) {
        Reply reply = api.get("/api/tenants/" + tenant.slug() + "/viewers", tenant.adminToken());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private JsonObject onlyViewer(TenantFixture tenant) {
        JsonObject listed = viewers(tenant);
        assertEquals(1, listed.getInt("count"), listed.toString());
        return listed.getJsonArray("viewers").getJsonObject(0);
    }

    private void awaitViewerCount(TenantFixture tenant, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int seen;
        do {
            seen = viewers(tenant).getInt("count");
            if (seen == count) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(count, seen, "viewers of " + tenant.slug() + " after " + within);
    }

    private void assertNextRound(TenantFixture tenant, int everyMinutes) {
        JsonObject timed = viewers(tenant).getJsonObject("timedRefresh");
        assertEquals(everyMinutes, timed.getInt("everyMinutes"), timed.toString());
        // EJB timers run on the real clock; rounds are the cluster's (issue 9): the next one is due at the
        // first multiple of the period, counted from the epoch, after the change, whichever node made it
        long period = Duration.ofMinutes(everyMinutes).toMillis();
        Instant next = Instant.parse(timed.getString("nextRoundAt"));
        assertEquals(0, next.toEpochMilli() % period, "not aligned to the period: " + next);
        Instant now = Instant.now();
        assertTrue(next.isAfter(now.minusSeconds(30)) && !next.isAfter(now.plusMillis(period)),
                "expected the first multiple of " + everyMinutes + " min after " + now + ", was " + next);
    }

    private static void assertRefused(ViewerClient viewer, String reasonMentions) throws Exception {
        CloseReason reason = viewer.closeReason(Duration.ofSeconds(10));
        assertEquals(1008, reason.getCloseCode().getCode(), reason.toString());
        assertTrue(reason.getReasonPhrase().contains(reasonMentions), "close reason: " + reason.getReasonPhrase());
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(30)) <= 0,
                "expected about " + expected + ", was " + actual);
    }

    static Set<String> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("tokenId")).collect(Collectors.toSet());
    }
}
