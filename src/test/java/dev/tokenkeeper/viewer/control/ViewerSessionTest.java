package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
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
}
