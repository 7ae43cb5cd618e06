package dev.tokenkeeper.embed.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.token.control.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedEmbedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private SharedEmbedTokens cut;
    private InMemorySharedTokenStore store;
    private MutableClock clock;
    private final AtomicInteger mints = new AtomicInteger();

    @BeforeEach
    void shared() {
        store = new InMemorySharedTokenStore();
        clock = new MutableClock(NOW);
        cut = new SharedEmbedTokens();
        cut.store = store;
        cut.clock = clock;
        cut.shareSeconds = 30;
        cut.leaseWaitMillis = 200;
    }

    private EmbedToken mint() {
        int n = mints.incrementAndGet();
        return new EmbedToken("token-" + n, "id-" + n, clock.instant().plus(Duration.ofMinutes(60)), "sales", "url");
    }

    @Test
    void viewersAskingWithinTheShareWindowGetTheSameToken() {
        EmbedToken first = cut.get("k", this::mint);
        clock.advance(Duration.ofSeconds(29));
        EmbedToken second = cut.get("k", this::mint);
        assertEquals(first, second);
        assertEquals(1, mints.get());
    }

    @Test
    void afterTheShareWindowTheNextAskMintsAgain() {
        EmbedToken first = cut.get("k", this::mint);
        clock.advance(Duration.ofSeconds(30));
        assertNotEquals(first.tokenId(), cut.get("k", this::mint).tokenId());
        assertEquals(2, mints.get());
    }

    @Test
    void differentKeysNeverShare() {
        cut.get("tenant-a|sales|60|", this::mint);
        cut.get("tenant-b|sales|60|", this::mint);
        cut.get("tenant-a|sales|60|ada|Sales", this::mint);
        assertEquals(3, mints.get());
    }

    @Test
    void manyConcurrentAskersOnOneNodeCauseOneMint() throws Exception {
        int askers = 64;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<EmbedToken>> answers = new ArrayList<>();
            for (int i = 0; i < askers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return cut.get("k", () -> {
                        sleep(50); // a slow provider: the others must wait for it, not mint too
                        return mint();
                    });
                }));
            }
            start.countDown();
            Set<String> ids = answers.stream().map(SharedEmbedTokensTest::get).map(EmbedToken::tokenId).collect(Collectors.toSet());
            assertEquals(Set.of("id-1"), ids);
            assertEquals(1, mints.get());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whileAnotherNodeHoldsTheLeaseItsTokenIsAwaitedAndUsed() throws Exception {
        store.tryLease("k"); // another node is minting
        cut.leaseWaitMillis = 10_000; // far beyond the other node's 50 ms, however busy the machine: its token must be what we get
        EmbedToken theirs = new EmbedToken("theirs", "their-id", NOW.plus(Duration.ofMinutes(60)), "sales", "url");
        Thread otherNode = new Thread(() -> {
            sleep(50);
            store.put("k", SharedEmbedToken.encode(theirs, NOW));
            store.releaseLease("k");
        });
        otherNode.start();
        assertEquals(theirs, cut.get("k", this::mint));
        assertEquals(0, mints.get());
        otherNode.join();
    }

    @Test
    void aLeaseHolderThatNeverDeliversDoesNotLeaveViewersWithoutAToken() {
        store.tryLease("k"); // a node that died while minting
        assertEquals("id-1", cut.get("k", this::mint).tokenId());
    }

    @Test
    void aFailedMintReachesTheCallerAndReleasesTheLease() {
        EmbedTokenUnavailableException failure = new EmbedTokenUnavailableException("throttled", Duration.ofSeconds(5), null);
        assertThrows(EmbedTokenUnavailableException.class, () -> cut.get("k", () -> {
            throw failure;
        }));
        assertEquals(Set.of(), store.leases.keySet());
        assertEquals("id-1", cut.get("k", this::mint).tokenId(), "the next ask mints again");
    }

    @Test
    void aTokenMintedInTheFutureOfAResetClockIsNotShared() {
        cut.get("k", this::mint);
        clock.advance(Duration.ofMinutes(-5));
        cut.get("k", this::mint);
        assertEquals(2, mints.get());
    }

    @Test
    void encodingSurvivesTheRoundTrip() {
        EmbedToken token = new EmbedToken("a.b.c", "id", NOW, "sales.q4", "https://x/embed/reports/sales.q4");
        assertEquals(new SharedEmbedToken(token, NOW), SharedEmbedToken.decode(SharedEmbedToken.encode(token, NOW)).orElseThrow());
        assertEquals(java.util.Optional.empty(), SharedEmbedToken.decode("garbage"));
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
