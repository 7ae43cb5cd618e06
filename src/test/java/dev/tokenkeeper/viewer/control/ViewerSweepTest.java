package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.token.control.MutableClock;
import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import dev.tokenkeeper.viewer.entity.ViewerState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The once-a-second sweep: lapses by the (movable) clock, liveness by the wire. */
class ViewerSweepTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private ViewerChannel channel;
    private MutableClock clock;

    @BeforeEach
    void channel() {
        clock = new MutableClock(NOW);
        channel = new ViewerChannel();
        channel.registry = new ViewerRegistry();
        channel.clock = clock;
        channel.helloSeconds = 10;
        channel.pingSeconds = 25;
    }

    private ViewerSession live(FakeConnection connection, Duration tokenLife) {
        ViewerSession session = channel.opened(connection);
        session.bind("tenant", "acme", "ada", "family", "sales");
        channel.registry.joined(session);
        session.holds("token-1", new TokenLife(clock.instant(), clock.instant().plus(tokenLife)), TokenReason.INITIAL);
        return session;
    }

    @Test
    void aTokenThatLapsedIsReportedOnceAndTheSocketStays() {
        FakeConnection connection = new FakeConnection("s1");
        ViewerSession session = live(connection, Duration.ofMinutes(5));
        channel.sweep();
        assertEquals(0, connection.sent.size());

        clock.advance(Duration.ofMinutes(5));
        channel.sweep();
        channel.sweep();
        assertEquals(1, connection.sent.size(), connection.sent.toString());
        assertTrue(connection.sent.get(0).contains("ClientError_TokenExpired"));
        assertEquals(ViewerState.LAPSED, session.state());
        assertNull(connection.closedWith);
    }

    @Test
    void movingBusinessTimeDoesNotMakeSocketsLookDead() {
        FakeConnection connection = new FakeConnection("s1");
        live(connection, Duration.ofMinutes(60));
        clock.advance(Duration.ofHours(5));
        channel.sweep();
        assertNull(connection.closedWith);
    }

    @Test
    void aSocketThatNeverSaysHelloIsClosedAfterTheDeadline() throws Exception {
        channel.helloSeconds = 0;
        FakeConnection connection = new FakeConnection("s1");
        channel.opened(connection);
        Thread.sleep(5);
        channel.sweep();
        assertEquals(ViewerChannel.POLICY_VIOLATION, connection.closedWith);
        assertTrue(connection.closeReason.contains("hello"));
        assertEquals(0, channel.registry.size());
    }

    @Test
    void quietSocketsArePingedAndSilentOnesDropped() throws Exception {
        channel.pingSeconds = 0; // every sweep pings, and any silence is too long
        FakeConnection connection = new FakeConnection("s1");
        live(connection, Duration.ofMinutes(60));
        Thread.sleep(5);
        channel.sweep();
        assertEquals(ViewerChannel.GOING_AWAY, connection.closedWith);
        assertEquals(0, channel.registry.size());
    }

    /** A live viewer whose peer falls silent, dropped by a sweep with a close that waits for the wire. */
    private FakeConnection droppedWithItsCloseWaiting() throws InterruptedException {
        channel.pingSeconds = 0; // every sweep pings, and any silence is too long
        FakeConnection connection = new FakeConnection("s1");
        connection.closesLater = true;
        live(connection, Duration.ofMinutes(60));
        Thread.sleep(5);
        channel.sweep();
        return connection;
    }

    @Test
    void aCloseThatWaitsForASilentPeerIsForcedAfterThePatience() throws Exception {
        FakeConnection connection = droppedWithItsCloseWaiting();
        assertEquals(ViewerChannel.GOING_AWAY, connection.closedWith);
        assertTrue(connection.closePending);

        channel.closePatienceNanos = Duration.ofHours(1).toNanos();
        channel.sweep();
        assertTrue(connection.closePending, "still within its patience");
        assertEquals(false, connection.forced);

        channel.closePatienceNanos = 0;
        channel.sweep();
        assertTrue(connection.forced);
        assertEquals(false, connection.closePending);
    }

    @Test
    void aCloseThePeerLetFinishIsNotForced() throws Exception {
        channel.closePatienceNanos = 0;
        FakeConnection connection = droppedWithItsCloseWaiting();
        connection.closePending = false; // the peer's pong came: closed on the socket's thread
        channel.sweep();
        assertEquals(false, connection.forced);
    }

    @Test
    void aPingIsSentWhenTheIntervalHasPassed() throws Exception {
        channel.pingSeconds = 25;
        FakeConnection connection = new FakeConnection("s1");
        ViewerSession session = live(connection, Duration.ofMinutes(60));
        channel.sweep();
        assertEquals(0, connection.pings, "just opened");
        session.pinged(System.nanoTime() - Duration.ofSeconds(26).toNanos());
        channel.sweep();
        assertEquals(1, connection.pings);
    }

    @Test
    void closeReasonsFitTheProtocolLimit() {
        String reason = ViewerChannel.abbreviate("é".repeat(200));
        assertTrue(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123);
    }
}
