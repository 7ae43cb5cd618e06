package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.token.control.MutableClock;
import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimedRefreshRoundsTest {

    private static List<Integer> viewers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aSmallTenantIsServedInOneGo() {
        assertEquals(1, TimedRefreshRounds.slices(viewers(3), 1000).size());
        assertEquals(1, TimedRefreshRounds.slices(viewers(100), 1000).size());
    }

    @Test
    void aBigTenantIsSpreadOverTheWindowInSlices() {
        List<List<Integer>> slices = TimedRefreshRounds.slices(viewers(10_000), 1000);
        assertEquals(20, slices.size(), "one slice every 50 ms over 1 s");
        assertEquals(500, slices.get(0).size());
        assertEquals(10_000, slices.stream().mapToInt(List::size).sum());
    }

    @Test
    void noSpreadMeansOneBurst() {
        assertEquals(1, TimedRefreshRounds.slices(viewers(10_000), 0).size());
    }

    @Test
    void everyViewerIsInExactlyOneSlice() {
        List<List<Integer>> slices = TimedRefreshRounds.slices(viewers(1_234), 700);
        assertEquals(viewers(1_234), slices.stream().flatMap(List::stream).toList());
    }

    @Test
    void noViewersNoSlices() {
        assertEquals(List.of(), TimedRefreshRounds.slices(List.of(), 1000));
    }

    // ---- capacity-aware rounds ---------------------------------------------------------------------

    /** A round whose executor runs what it is given at once, and records it; viewers ada ×2, bob, all live. */
    private static final class Round {
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        final FakeCapacities capacities = new FakeCapacities(clock);
        final TimedRefreshRounds cut = new TimedRefreshRounds();
        final List<Runnable> background = new ArrayList<>();

        Round() {
            ViewerChannel channel = new ViewerChannel();
            channel.registry = new ViewerRegistry();
            channel.clock = clock;
            channel.capacities = capacities;
            channel.signedInUsers = new SignedInUsers() {
                @Override
                public Set<String> endedAmong(Collection<String> familyIds) {
                    return Set.of();
                }
            };
            channel.reports = new dev.tokenkeeper.embed.boundary.Reports() {
                @Override
                public dev.tokenkeeper.embed.boundary.EmbedTokenView embedToken(String tenantId, String slug, String user, String reportId) {
                    return new dev.tokenkeeper.embed.boundary.EmbedTokenView("jws", "token-2", "2026-11-30T11:30:00Z", reportId, "http://x");
                }

                @Override
                public boolean oneTokenForAll(String tenantId, String reportId) {
                    return true;
                }
            };
            cut.registry = channel.registry;
            cut.channel = channel;
            cut.capacities = capacities;
            cut.spreadMillis = 0;
            cut.executor = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                        if (method.getName().equals("execute")) {
                            background.add((Runnable) args[0]);
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            int n = 0;
            for (String user : List.of("ada", "ada", "bob")) {
                ViewerSession session = channel.opened(new FakeConnection("s" + n++));
                session.bind("tenant", "acme", user, "family-" + user, "sales");
                channel.registry.joined(session);
                session.holds("t", new TokenLife(clock.instant(), clock.instant().plus(Duration.ofHours(1))), TokenReason.INITIAL);
            }
        }
    }

    @Test
    void aRoundCountsAsActivityOncePerDistinctUserOffTheSendPath() {
        Round round = new Round();
        assertEquals(3, round.cut.run("tenant"));
        assertEquals(List.of(), round.capacities.activity, "not on the caller's thread");
        round.background.forEach(Runnable::run); // the sends (one slice) and the activity task
        assertEquals(List.of(new FakeCapacities.Call("tenant", "ada", Activity.TIMED_REFRESH),
                new FakeCapacities.Call("tenant", "bob", Activity.TIMED_REFRESH)), round.capacities.activity);
    }

    @Test
    void aTenantWhoseCapacityIsPausedGetsNoRound() {
        Round round = new Round();
        round.capacities.set("tenant", CapacityState.PAUSED);
        assertEquals(0, round.cut.run("tenant"));
        assertEquals(List.of(), round.background, "nothing sent, nothing counted");
    }
}
