package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.embed.boundary.EmbedTokenView;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.token.control.MutableClock;
import dev.tokenkeeper.token.entity.SignedInUser;
import dev.tokenkeeper.viewer.control.ViewerChannel.WaitingHello;
import dev.tokenkeeper.viewer.entity.ViewerState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hellos answered in batches: what a node taking back thousands of viewers at once relies on. One
 * sign-in query and one token per (report, identity) for a whole batch; each viewer still gets its
 * own answer, and an ended sign-in in the batch is refused alone.
 */
class ViewerHelloBatchTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private ViewerChannel cut;
    private final AtomicInteger signInQueries = new AtomicInteger();
    private final AtomicInteger tenantReads = new AtomicInteger();
    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final AtomicInteger reportReads = new AtomicInteger();
    private final Set<String> endedFamilies = new HashSet<>();

    @BeforeEach
    void channel() {
        MutableClock clock = new MutableClock(NOW);
        cut = new ViewerChannel();
        cut.registry = new ViewerRegistry();
        cut.clock = clock;
        cut.capacities = new FakeCapacities(clock);
        cut.background = Runnable::run;
        cut.helloSeconds = 10;
        cut.pingSeconds = 25;
        cut.resumeSeconds = 10;
        cut.tenants = new Tenants() {
            @Override
            public String idOf(String slug) {
                tenantReads.incrementAndGet();
                return "tenant-" + slug;
            }
        };
        cut.signedInUsers = new SignedInUsers() {
            @Override
            public Optional<SignedInUser> signedBy(String accessToken) {
                return Optional.of(user(accessToken));
            }

            @Override
            public Set<String> endedAmong(Collection<String> familyIds) {
                signInQueries.incrementAndGet();
                Set<String> ended = new HashSet<>(familyIds);
                ended.retainAll(endedFamilies);
                return ended;
            }
        };
        cut.reports = new Reports() {
            @Override
            public EmbedTokenView embedToken(String tenantId, String tenantSlug, String user, String reportId) {
                int n = tokenFetches.incrementAndGet();
                return new EmbedTokenView("jws-" + n, "token-" + n, DateTimeFormatter.ISO_INSTANT.format(NOW.plus(Duration.ofMinutes(60))),
                        reportId, "http://localhost/embed/reports/" + reportId);
            }

            @Override
            public boolean oneTokenForAll(String tenantId, String reportId) {
                reportReads.incrementAndGet();
                return true;
            }
        };
        cut.settings = new TenantSettingsFacade() {
            @Override
            public ViewerSettings current(String tenantId) {
                return ViewerSettings.DEFAULTS;
            }
        };
    }

    /** "slug:user" stands for a verified access token of that user. */
    private static SignedInUser user(String token) {
        String[] parts = token.split(":");
        return new SignedInUser(parts[0], parts[1], "family-" + parts[1], NOW.plus(Duration.ofHours(8)));
    }

    private WaitingHello waiting(FakeConnection connection, String token, boolean reconnect) {
        ViewerSession session = cut.opened(connection);
        assertTrue(session.takeHello());
        return new WaitingHello(session, new ViewerMessages.Hello(token, "tv-dashboard", reconnect), user(token));
    }

    @Test
    void aBatchMakesOneSignInQueryAndOneTokenFetchPerReportAndReason() {
        List<FakeConnection> tvs = new ArrayList<>();
        List<WaitingHello> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FakeConnection tv = new FakeConnection("s" + i);
            tvs.add(tv);
            batch.add(waiting(tv, "acme:user-" + (i % 7), i % 2 == 0));
        }

        cut.greet(batch);

        assertEquals(1, signInQueries.get(), "one query for the sign-ins of the whole batch");
        assertEquals(2, tokenFetches.get(), "one token per reason (initial, reconnect) for a report everybody sees alike");
        assertEquals(1, tenantReads.get(), "the tenant's id is read once and then known");
        for (int i = 0; i < tvs.size(); i++) {
            FakeConnection tv = tvs.get(i);
            assertEquals(1, tv.sent.size(), tv.id);
            var message = JsonBuilders.parseObject(tv.sent.get(0));
            assertEquals("token", message.getString("type"));
            assertEquals(i % 2 == 0 ? "reconnect" : "initial", message.getString("reason"));
            assertEquals(ViewerState.LIVE, cut.registry.all().stream().filter(s -> s.id().equals(tv.id)).findFirst().orElseThrow().state());
        }
    }

    @Test
    void aLoneHelloFetchesItsTokenDirectly() {
        FakeConnection tv = new FakeConnection("s1");

        cut.greet(List.of(waiting(tv, "acme:ada", false)));

        assertEquals(1, tokenFetches.get());
        assertEquals(0, reportReads.get(), "no sharing to decide for one viewer: no extra report read");
        assertEquals("initial", JsonBuilders.parseObject(tv.sent.get(0)).getString("reason"));
    }

    @Test
    void anEndedSignInInABatchIsRefusedAndTheOthersAreServed() {
        endedFamilies.add("family-bob");
        FakeConnection ada = new FakeConnection("s1");
        FakeConnection bob = new FakeConnection("s2");
        FakeConnection eve = new FakeConnection("s3");

        cut.greet(List.of(waiting(ada, "acme:ada", false), waiting(bob, "acme:bob", false), waiting(eve, "acme:eve", false)));

        assertEquals(1, ada.sent.size());
        assertEquals(1, eve.sent.size());
        assertEquals(0, bob.sent.size());
        assertEquals(ViewerChannel.POLICY_VIOLATION, bob.closedWith);
        assertEquals(2, cut.registry.size());
    }

    @Test
    void aHelloWhoseSignInCannotBeCheckedClosesWithATryAgainCode() {
        cut.signedInUsers = new SignedInUsers() {
            @Override
            public Set<String> endedAmong(Collection<String> familyIds) {
                throw new IllegalStateException("database down");
            }
        };
        FakeConnection ada = new FakeConnection("s1");
        FakeConnection bob = new FakeConnection("s2");

        cut.greet(List.of(waiting(ada, "acme:ada", false), waiting(bob, "acme:bob", false)));

        assertEquals(ViewerChannel.INTERNAL_ERROR, ada.closedWith);
        assertEquals(ViewerChannel.INTERNAL_ERROR, bob.closedWith);
        assertEquals(0, cut.registry.size());
    }

    @Test
    void aSecondHelloIsRefusedEvenBeforeTheFirstIsAnswered() {
        FakeConnection tv = new FakeConnection("s1");
        ViewerSession session = cut.opened(tv);
        assertTrue(session.takeHello());

        cut.received(session, "{\"type\":\"hello\",\"accessToken\":\"acme:ada\",\"reportId\":\"tv-dashboard\"}");

        assertEquals(ViewerChannel.POLICY_VIOLATION, tv.closedWith);
        assertTrue(tv.closeReason.contains("already"), tv.closeReason);
    }
}
