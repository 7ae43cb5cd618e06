package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.embed.boundary.EmbedTokenView;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.token.control.MutableClock;
import dev.tokenkeeper.token.entity.SignedInUser;
import dev.tokenkeeper.viewer.entity.ViewerState;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The viewer side of the capacity, without a container: a fake capacity facade, fake connections, a
 * movable clock. What a viewer is sent when the tenant's capacity pauses, how it resumes, and who may
 * ask for that.
 */
class ViewerCapacityTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final String TENANT = "tenant-acme";

    private MutableClock clock;
    private FakeCapacities capacities;
    private ViewerChannel channel;
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void channel() {
        clock = new MutableClock(NOW);
        capacities = new FakeCapacities(clock);
        capacities.mayResume.add("tv-lobby");
        channel = new ViewerChannel();
        channel.registry = new ViewerRegistry();
        channel.clock = clock;
        channel.capacities = capacities;
        channel.background = Runnable::run;
        channel.helloSeconds = 10;
        channel.pingSeconds = 25;
        channel.resumeSeconds = 10;
        channel.tenants = new Tenants() {
            @Override
            public String idOf(String slug) {
                return "tenant-" + slug;
            }
        };
        channel.signedInUsers = new SignedInUsers() {
            @Override
            public Optional<SignedInUser> signedBy(String accessToken) {
                String[] parts = accessToken.split(":"); // "slug:user" stands for a live access token of that user
                return Optional.of(new SignedInUser(parts[0], parts[1], "family-" + parts[1], NOW.plus(Duration.ofHours(8))));
            }

            @Override
            public Set<String> endedAmong(Collection<String> familyIds) {
                return Set.of();
            }
        };
        channel.reports = new Reports() {
            @Override
            public EmbedTokenView embedToken(String tenantId, String tenantSlug, String user, String reportId) {
                int n = fetches.incrementAndGet();
                return new EmbedTokenView("jws-" + n, "token-" + n, DateTimeFormatter.ISO_INSTANT.format(clock.instant().plus(Duration.ofMinutes(60))),
                        reportId, "http://localhost/embed/reports/" + reportId);
            }

            @Override
            public boolean oneTokenForAll(String tenantId, String reportId) {
                return true; // (an unknown report's 404 needs a JAX-RS runtime: ViewerChannelIT checks it)
            }
        };
        channel.settings = new TenantSettingsFacade() {
            @Override
            public ViewerSettings current(String tenantId) {
                return ViewerSettings.DEFAULTS;
            }
        };
    }

    // ---- a pause ------------------------------------------------------------------------------------

    @Test
    void aPauseReachesEveryViewerOfTheTenantAndSaysWhetherEachMayResume() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        FakeConnection ada = helloed("s2", "acme", "ada");
        FakeConnection other = helloed("s3", "globex", "ada");

        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));

        JsonObject toTv = last(tv);
        assertEquals("error", toTv.getString("type"));
        assertEquals("CapacityPaused", toTv.getString("code"));
        assertTrue(toTv.getBoolean("canResume"));
        assertEquals("paused", toTv.getString("state"));
        assertEquals("on-demand", toTv.getString("mode"));
        assertFalse(toTv.containsKey("resumableBy"), "a user who may resume needs no names");
        JsonObject toAda = last(ada);
        assertFalse(toAda.getBoolean("canResume"));
        assertEquals(List.of("tv-lobby"), toAda.getJsonArray("resumableBy").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertTrue(toAda.getString("message").contains("tv-lobby"), toAda.getString("message"));
        assertEquals(1, other.sent.size(), "another tenant's viewer hears nothing");
        assertEquals(ViewerState.PAUSED, session("s1").state());
        assertEquals(ViewerState.PAUSED, session("s2").state());
    }

    @Test
    void theSamePauseAnnouncedTwiceIsSentOnceAndAChangeIsSentAgain() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        CapacityStatus paused = capacities.set(TENANT, CapacityState.PAUSED);
        channel.capacityChanged(paused);
        channel.capacityChanged(paused); // this node's event and a late duplicate
        assertEquals(2, ada.sent.size(), ada.sent.toString());
        clock.advance(Duration.ofSeconds(5));
        channel.capacityChanged(capacities.set(TENANT, CapacityState.RESUMING));
        assertEquals(3, ada.sent.size());
        assertEquals("resuming", last(ada).getString("state"));
    }

    @Test
    void aManualCapacityTellsThatAnAdministratorMustStartIt() {
        capacities.modes.put(TENANT, CapacityMode.MANUAL);
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        JsonObject notice = last(tv);
        assertFalse(notice.getBoolean("canResume"), "manual: nobody resumes it from a viewer");
        assertEquals("manual", notice.getString("mode"));
        assertTrue(notice.getBoolean("adminMustStart"));
        assertTrue(notice.getString("message").contains("administrator must start it"), notice.getString("message"));
    }

    @Test
    void aScheduledCapacityTellsWhenItsWindowOpens() {
        capacities.modes.put(TENANT, CapacityMode.SCHEDULED);
        capacities.mayResume.clear();
        Instant opens = Instant.parse("2026-12-01T11:00:00Z");
        capacities.opensAt.put(TENANT, opens);
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        JsonObject notice = last(ada);
        assertEquals("2026-12-01T11:00:00Z", notice.getString("opensAt"));
        assertFalse(notice.containsKey("adminMustStart"));
        assertTrue(notice.getString("message").contains("2026-12-01T11:00:00Z"));
    }

    @Test
    void aTokenThatLapsesWhileTheCapacityIsPausedIsNeverReportedAsExpired() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        clock.advance(Duration.ofHours(3));
        channel.sweep();
        channel.sweep();
        assertTrue(ada.sent.stream().noneMatch(m -> m.contains("ClientError_TokenExpired")), ada.sent.toString());
        assertEquals(ViewerState.PAUSED, session("s1").state());
    }

    @Test
    void aLapseDuringAPauseThisNodeWasNotToldOfIsReportedAsThePause() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        capacities.set(TENANT, CapacityState.PAUSED); // no event reached this node
        clock.advance(Duration.ofMinutes(61));
        channel.sweep();
        assertEquals("CapacityPaused", last(ada).getString("code"));
        assertTrue(ada.sent.stream().noneMatch(m -> m.contains("ClientError_TokenExpired")));
    }

    @Test
    void aLapseWhileTheCapacityServesIsStillTokenExpired() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        clock.advance(Duration.ofMinutes(61));
        channel.sweep();
        assertEquals("ClientError_TokenExpired", last(ada).getString("code"));
        assertEquals(ViewerState.LAPSED, session("s1").state());
    }

    // ---- back to active ------------------------------------------------------------------------------

    @Test
    void whenItServesAgainEveryWaitingViewerGetsExactlyOneResumedToken() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        FakeConnection ada = helloed("s2", "acme", "ada");
        FakeConnection lapsed = helloed("s3", "acme", "grace");
        clock.advance(Duration.ofMinutes(61));
        channel.sweep(); // grace's (and everyone's) token lapsed while the capacity served: told expired
        assertEquals("ClientError_TokenExpired", last(lapsed).getString("code"));
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        int fetchesBefore = fetches.get();

        clock.advance(Duration.ofMinutes(1));
        CapacityStatus active = capacities.set(TENANT, CapacityState.ACTIVE);
        channel.capacityChanged(active);
        channel.capacityChanged(active); // announced twice
        channel.sweep();
        for (FakeConnection viewer : List.of(tv, ada, lapsed)) {
            List<JsonObject> resumed = viewer.sent.stream().map(JsonBuilders::parseObject)
                    .filter(m -> "resumed".equals(m.getString("reason", null))).toList();
            assertEquals(1, resumed.size(), viewer.id + ": " + viewer.sent);
            assertEquals("token", resumed.get(0).getString("type"));
        }
        assertEquals(fetchesBefore + 1, fetches.get(), "one fetch for the report, shared by the waiting viewers");
        assertEquals(ViewerState.LIVE, session("s3").state(), "a lapsed viewer comes back through the pause");
    }

    @Test
    void anOlderEventThatArrivesLateChangesNothing() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        CapacityStatus paused = capacities.set(TENANT, CapacityState.PAUSED);
        clock.advance(Duration.ofSeconds(30));
        CapacityStatus active = capacities.set(TENANT, CapacityState.ACTIVE);
        channel.capacityChanged(active);
        channel.capacityChanged(paused); // from another node, late
        assertEquals(1, ada.sent.size(), "nothing to resume, and the stale pause is not told: " + ada.sent);
        assertEquals(ViewerState.LIVE, session("s1").state());
    }

    @Test
    void theStepsOfOneResumeHandledOutOfOrderDoNotPauseTheViewerAgain() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        clock.advance(Duration.ofMinutes(1));
        CapacityStatus resuming = capacities.set(TENANT, CapacityState.RESUMING);
        CapacityStatus active = capacities.set(TENANT, CapacityState.ACTIVE); // the simulated driver: the same instant
        channel.capacityChanged(active);
        channel.capacityChanged(resuming); // its event's handler ran last
        channel.sweep();
        assertEquals(1, ada.sent.stream().filter(m -> m.contains("\"resumed\"")).count(), ada.sent.toString());
        assertEquals("resumed", last(ada).getString("reason"));
        assertEquals(ViewerState.LIVE, session("s1").state());
    }

    @Test
    void aWaitingViewerWhoseResumedTokenCouldNotBeFetchedIsRetriedByTheSweep() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        Reports working = channel.reports;
        channel.reports = new Reports() {
            @Override
            public EmbedTokenView embedToken(String tenantId, String tenantSlug, String user, String reportId) {
                throw new IllegalStateException("the provider is failing");
            }

            @Override
            public boolean oneTokenForAll(String tenantId, String reportId) {
                return true;
            }
        };
        clock.advance(Duration.ofSeconds(1));
        channel.capacityChanged(capacities.set(TENANT, CapacityState.ACTIVE));
        assertEquals(ViewerState.PAUSED, session("s1").state(), "no token: still waiting");
        channel.reports = working;
        channel.sweep();
        assertEquals("resumed", last(ada).getString("reason"));
        assertEquals(ViewerState.LIVE, session("s1").state());
    }

    // ---- hello and interactions while paused ---------------------------------------------------------

    @Test
    void aHelloOnAPausedCapacityGetsCapacityPausedAndLaterOneResumedToken() {
        capacities.set(TENANT, CapacityState.PAUSED);
        FakeConnection ada = connect("s1", "acme", "ada", "sales");
        assertEquals(1, ada.sent.size(), ada.sent.toString());
        assertEquals("CapacityPaused", last(ada).getString("code"));
        assertEquals(0, fetches.get(), "no token minted for a paused capacity");
        assertEquals(List.of(new FakeCapacities.Call(TENANT, "ada", Activity.HELLO)), capacities.activity);
        assertNull(ada.closedWith);

        clock.advance(Duration.ofMinutes(1));
        channel.capacityChanged(capacities.set(TENANT, CapacityState.ACTIVE));
        assertEquals("resumed", last(ada).getString("reason"));
        assertEquals(2, ada.sent.size());
    }

    @Test
    void aHelloFromAUserWhoMayResumeResumesTheCapacityAndGetsItsToken() {
        capacities.set(TENANT, CapacityState.PAUSED);
        FakeConnection tv = connect("s1", "acme", "tv-lobby", "sales");
        assertEquals(1, tv.sent.size(), tv.sent.toString());
        assertEquals("initial", last(tv).getString("reason"));
        assertEquals(CapacityState.ACTIVE, capacities.states.get(TENANT));
    }

    @Test
    void anInteractionIsActivityAndFromAUserWhoMayResumeItBringsTheTokenBack() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        channel.received(session("s1"), "{\"type\":\"interaction\",\"kind\":\"page\"}");
        assertEquals(List.of(Activity.HELLO, Activity.INTERACTION), capacities.activity.stream().map(FakeCapacities.Call::kind).toList());
        assertEquals("resumed", last(tv).getString("reason"));
        assertEquals(ViewerState.LIVE, session("s1").state());
    }

    @Test
    void anInteractionFromAUserWhoMayNotResumeLeavesTheViewerPaused() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        int sent = ada.sent.size();
        channel.received(session("s1"), "{\"type\":\"interaction\",\"kind\":\"filter\"}");
        assertEquals(sent, ada.sent.size(), "the same pause is not told again");
        assertEquals(ViewerState.PAUSED, session("s1").state());
    }

    // ---- {"type":"resume"} ----------------------------------------------------------------------------

    @Test
    void aResumeFromAUserWhoMayNotIsRefusedWithTheReasonAndTheSocketStays() {
        FakeConnection ada = helloed("s1", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        JsonObject refused = last(ada);
        assertEquals("ResumeRefused", refused.getString("code"));
        assertEquals("not-allowed", refused.getString("reason"));
        assertTrue(refused.getString("message").contains("tv-lobby"), refused.getString("message"));
        assertEquals(List.of(), capacities.resumes);
        assertNull(ada.closedWith);
    }

    @Test
    void aResumeFromAUserWhoMayResumesTheCapacityAndTheirViewerGetsOneResumedToken() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        FakeConnection ada = helloed("s2", "acme", "ada");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        clock.advance(Duration.ofMinutes(1));
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        assertEquals(List.of("tv-lobby"), capacities.resumes);
        assertEquals("resumed", last(tv).getString("reason"));
        channel.capacityChanged(capacities.status(TENANT)); // the facade's event, after the commit
        assertEquals("resumed", last(ada).getString("reason"));
        assertEquals(1, tv.sent.stream().filter(m -> m.contains("\"resumed\"")).count(), tv.sent.toString());
        assertEquals(1, ada.sent.stream().filter(m -> m.contains("\"resumed\"")).count(), ada.sent.toString());
    }

    @Test
    void resumeRequestsOfOneSocketAreRateLimited() {
        capacities.resumeTo = CapacityState.RESUMING; // e.g. Azure: takes a minute
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        assertEquals("resuming", last(tv).getString("state"), "the page can say it is starting");
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        JsonObject refused = last(tv);
        assertEquals("ResumeRefused", refused.getString("code"));
        assertEquals("too-soon", refused.getString("reason"));
        assertTrue(refused.getInt("retryAfterSeconds") >= 1 && refused.getInt("retryAfterSeconds") <= 10, refused.toString());
        assertEquals(1, capacities.resumes.size(), "the facade was asked once");
    }

    @Test
    void aResumeThatFailsSaysSoWithoutDetailsAndKeepsTheSocket() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        channel.capacityChanged(capacities.set(TENANT, CapacityState.PAUSED));
        capacities.failResume = new IllegalStateException("ARM said 500 with secret details");
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        JsonObject failed = last(tv);
        assertEquals("ResumeFailed", failed.getString("code"));
        assertFalse(failed.getString("message").contains("secret"));
        assertNull(tv.closedWith);
    }

    @Test
    void aResumeWhileServingIsAnsweredWithoutCallingTheFacade() {
        FakeConnection tv = helloed("s1", "acme", "tv-lobby");
        channel.received(session("s1"), "{\"type\":\"resume\"}");
        assertEquals("not-paused", last(tv).getString("reason"));
        assertEquals(List.of(), capacities.resumes);
    }

    @Test
    void aResumeBeforeHelloIsAViolation() {
        FakeConnection connection = new FakeConnection("s1");
        ViewerSession session = channel.opened(connection);
        channel.received(session, "{\"type\":\"resume\"}");
        assertEquals(ViewerChannel.POLICY_VIOLATION, connection.closedWith);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private FakeConnection connect(String id, String slug, String user, String report) {
        FakeConnection connection = new FakeConnection(id);
        ViewerSession session = channel.opened(connection);
        channel.received(session, "{\"type\":\"hello\",\"accessToken\":\"" + slug + ":" + user + "\",\"reportId\":\"" + report + "\"}");
        return connection;
    }

    /** A viewer that said hello while the capacity served, holding its initial token. */
    private FakeConnection helloed(String id, String slug, String user) {
        FakeConnection connection = connect(id, slug, user, "sales");
        assertEquals("initial", last(connection).getString("reason"), connection.sent.toString());
        return connection;
    }

    private ViewerSession session(String id) {
        return channel.registry.all().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonObject last(FakeConnection connection) {
        return JsonBuilders.parseObject(connection.sent.get(connection.sent.size() - 1));
    }
}
