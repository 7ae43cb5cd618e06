package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import dev.tokenkeeper.viewer.entity.ViewerState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerSessionTest {

    private final FakeConnection connection = new FakeConnection("s1");
    private final List<String> broken = new ArrayList<>();
    private final ViewerSession session = new ViewerSession(connection, Instant.EPOCH, 0, (s, why) -> broken.add(why));

    @Test
    void sendsGoOutOneAtATimeInOrder() {
        connection.completeAtOnce = false;
        session.send("a");
        session.send("b");
        session.send("c");
        assertEquals(List.of("a"), connection.sent, "b waits until a is on the wire");
        connection.completeNext(null);
        assertEquals(List.of("a", "b"), connection.sent);
        connection.completeNext(null);
        connection.completeNext(null);
        assertEquals(List.of("a", "b", "c"), connection.sent);
        assertTrue(broken.isEmpty());
    }

    @Test
    void aViewerThatStopsReadingIsDroppedInsteadOfQueuedForever() {
        connection.completeAtOnce = false;
        for (int i = 0; i <= ViewerSession.MAX_QUEUED; i++) {
            session.send("m" + i);
        }
        assertTrue(broken.isEmpty(), "one in flight and MAX_QUEUED waiting is still fine");
        session.send("one too many");
        assertEquals(1, broken.size());
        assertTrue(broken.get(0).contains("not reading"));
    }

    @Test
    void aFailedSendBreaksTheSession() {
        connection.completeAtOnce = false;
        session.send("a");
        connection.completeNext(new IOException("send timed out"));
        assertEquals(1, broken.size());
        assertTrue(broken.get(0).contains("send timed out"));
    }

    @Test
    void eachTimedRoundReachesASessionOnce() {
        assertTrue(session.firstTimeIn(1));
        assertFalse(session.firstTimeIn(1));
        assertTrue(session.firstTimeIn(2));
        assertFalse(session.firstTimeIn(1), "an old round that arrives late sends nothing");
    }

    @Test
    void aClosedSessionSendsNothing() {
        session.state(dev.tokenkeeper.viewer.entity.ViewerState.CLOSED);
        session.send("a");
        assertEquals(List.of(), connection.sent);
        assertNull(connection.closedWith);
    }

    // ---- guarded transitions: a pause and a token racing -------------------------------------------

    private boolean deliver(ViewerState from, String message) {
        return session.deliver(EnumSet.of(from), "t", new TokenLife(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofHours(1))), TokenReason.TIMED, message);
    }

    @Test
    void aTokenFetchedBeforeAPauseIsNotSentAfterIt() {
        assertTrue(deliver(ViewerState.AWAITING_HELLO, "initial"));
        assertTrue(pause("paused"));
        assertFalse(deliver(ViewerState.LIVE, "timed"), "the round's token lost the race");
        assertEquals(List.of("initial", "paused"), connection.sent);
        assertEquals(ViewerState.PAUSED, session.state());
    }

    @Test
    void ofTwoResumedDeliveriesExactlyOneGoesOut() {
        pause("paused");
        assertTrue(deliver(ViewerState.PAUSED, "resumed by the event"));
        assertFalse(deliver(ViewerState.PAUSED, "resumed by the viewer's own request"));
        assertEquals(List.of("paused", "resumed by the event"), connection.sent);
        assertEquals(ViewerState.LIVE, session.state());
    }

    private boolean pause(String notice) {
        return session.pause(notice, null);
    }

    @Test
    void aNoticeOfAnEarlierCapacityStateIsNotSentAfterALaterOne() {
        Instant pausing = Instant.parse("2026-12-01T10:00:00.000Z");
        Instant paused = pausing.plusMillis(7);
        assertTrue(session.pause("paused", paused));
        assertFalse(session.pause("pausing", pausing), "read before the paused notice, sent after it");
        assertTrue(session.pause("paused, and now someone else may resume", paused), "the same state told anew is sent");
        deliver(ViewerState.PAUSED, "resumed");
        assertTrue(session.pause("pausing", pausing.plusSeconds(60)), "a later pause after the resume");
        assertEquals(List.of("paused", "paused, and now someone else may resume", "resumed", "pausing"), connection.sent);
    }

    @Test
    void anUnchangedPauseIsSentOnceAndAgainAfterAResume() {
        assertTrue(pause("paused"));
        assertFalse(pause("paused"));
        assertTrue(pause("resuming"));
        deliver(ViewerState.PAUSED, "resumed");
        assertTrue(pause("paused"), "a new pause after the resume is told again");
        assertEquals(List.of("paused", "resuming", "resumed", "paused"), connection.sent);
    }

    @Test
    void onlyALiveSessionLapses() {
        pause("paused");
        assertFalse(session.lapse("expired"));
        deliver(ViewerState.PAUSED, "resumed");
        assertTrue(session.lapse("expired"));
        assertFalse(session.lapse("expired"), "told once");
        assertEquals(ViewerState.LAPSED, session.state());
    }

    @Test
    void resumeRequestsAreSpacedPerSocket() {
        long second = Duration.ofSeconds(1).toNanos();
        assertTrue(session.resumeAllowedAt(0, 10 * second));
        assertFalse(session.resumeAllowedAt(3 * second, 10 * second));
        assertEquals(7, session.resumeRetryAfterSeconds(3 * second, 10 * second));
        assertTrue(session.resumeAllowedAt(10 * second, 10 * second));
    }
}
