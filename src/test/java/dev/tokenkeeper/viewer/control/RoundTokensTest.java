package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.viewer.control.ViewerChannel.Delivery;
import dev.tokenkeeper.viewer.entity.TokenReason;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A timed round fetches a token once per (tenant, report, identity), however many viewers see it. */
class RoundTokensTest {

    private static final Instant EXPIRES = Instant.parse("2026-11-27T11:00:00Z");

    private static ViewerSession viewer(String id, String user, String report) {
        ViewerSession session = new ViewerSession(new FakeConnection(id), Instant.EPOCH, 0, (s, why) -> { });
        session.bind("tenant", "acme", user, "family-" + user, report);
        return session;
    }

    private static Delivery delivery(String tokenId) {
        return new Delivery(tokenId, EXPIRES, TokenReason.TIMED, "{\"type\":\"token\",\"tokenId\":\"" + tokenId + "\"}");
    }

    @Test
    void allUsersOfAReportWithoutRowLevelSecurityShareOneFetch() {
        ViewerChannel.RoundTokens round = new ViewerChannel.RoundTokens((tenant, report) -> true);
        AtomicInteger fetches = new AtomicInteger();
        Delivery first = round.get(viewer("s1", "ada", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        assertSame(first, round.get(viewer("s2", "bob", "sales"), () -> delivery("t" + fetches.incrementAndGet())));
        round.get(viewer("s3", "ada", "costs"), () -> delivery("t" + fetches.incrementAndGet()));
        assertEquals(2, fetches.get(), "one per report");
    }

    @Test
    void theSharedQuestionIsAskedOncePerReportAndAFailureMeansPerUser() {
        AtomicInteger asked = new AtomicInteger();
        ViewerChannel.RoundTokens round = new ViewerChannel.RoundTokens((tenant, report) -> {
            asked.incrementAndGet();
            throw new IllegalStateException("report gone");
        });
        AtomicInteger fetches = new AtomicInteger();
        round.get(viewer("s1", "ada", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        round.get(viewer("s2", "bob", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        assertEquals(1, asked.get());
        assertEquals(2, fetches.get());
    }

    @Test
    void withRowLevelSecurityViewersOfOneUserAndReportShareOneFetch() {
        ViewerChannel.RoundTokens round = new ViewerChannel.RoundTokens((tenant, report) -> false);
        AtomicInteger fetches = new AtomicInteger();
        Delivery first = round.get(viewer("s1", "ada", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        Delivery second = round.get(viewer("s2", "ada", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        assertSame(first, second);
        assertEquals(1, fetches.get());

        round.get(viewer("s3", "bob", "sales"), () -> delivery("t" + fetches.incrementAndGet()));
        round.get(viewer("s4", "ada", "costs"), () -> delivery("t" + fetches.incrementAndGet()));
        assertEquals(3, fetches.get());
    }

    @Test
    void aFailedFetchIsNotKept() {
        ViewerChannel.RoundTokens round = new ViewerChannel.RoundTokens((tenant, report) -> true);
        assertThrows(IllegalStateException.class, () -> round.get(viewer("s1", "ada", "sales"), () -> {
            throw new IllegalStateException("provider down");
        }));
        assertEquals("t2", round.get(viewer("s2", "ada", "sales"), () -> delivery("t2")).tokenId());
    }
}
