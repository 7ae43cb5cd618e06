package dev.tokenkeeper.viewer.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A socket is closed on its own thread: inside a callback at once, from elsewhere at the peer's next frame. */
class WebSocketConnectionTest {

    /** A session that records its close and its pings; open until closed. */
    private static final class Wire {
        final AtomicReference<CloseReason> closed = new AtomicReference<>();
        final AtomicReference<Thread> closedOn = new AtomicReference<>();
        final AtomicInteger pings = new AtomicInteger();
        final Session session;

        Wire() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendPing")) {
                            pings.incrementAndGet();
                        }
                        return null;
                    });
            session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "getId" -> "s1";
                        case "isOpen" -> closed.get() == null;
                        case "close" -> {
                            if (closed.get() != null) {
                                throw new IllegalStateException("already closed");
                            }
                            closed.set((CloseReason) args[0]);
                            closedOn.set(Thread.currentThread());
                            yield null;
                        }
                        default -> null;
                    });
        }
    }

    /** Asks for the close on a thread that is not the socket's, and waits until it asked. */
    private static void closeFromAnotherThread(WebSocketConnection connection, int code, String reason) throws InterruptedException {
        Thread elsewhere = new Thread(() -> connection.close(code, reason));
        elsewhere.start();
        elsewhere.join();
    }

    @Test
    void aCloseInsideTheSocketsOwnCallbackHappensAtOnce() {
        Wire wire = new Wire();
        WebSocketConnection connection = new WebSocketConnection(wire.session, 1000);
        assertTrue(connection.enter());
        connection.close(1008, "say hello first");
        connection.leave();
        assertEquals(1008, wire.closed.get().getCloseCode().getCode());
        assertEquals("say hello first", wire.closed.get().getReasonPhrase());
        assertEquals(0, wire.pings.get());
        assertFalse(connection.closePending());
    }

    @Test
    void aCloseFromAnotherThreadWaitsForThePeersNextFrameAndHappensOnTheSocketsThread() throws Exception {
        Wire wire = new Wire();
        WebSocketConnection connection = new WebSocketConnection(wire.session, 1000);
        closeFromAnotherThread(connection, 1012, "server restarting");
        assertNull(wire.closed.get(), "not closed off the socket's thread");
        assertEquals(1, wire.pings.get(), "a ping asks the peer for a frame");
        assertTrue(connection.closePending());

        assertFalse(connection.enter(), "the pong's callback closes instead of handling the frame");
        assertEquals(1012, wire.closed.get().getCloseCode().getCode());
        assertEquals(Thread.currentThread(), wire.closedOn.get());
        assertFalse(connection.closePending());
    }

    @Test
    void aCloseFromAnotherThreadWhileACallbackRunsStillWaits() throws Exception {
        Wire wire = new Wire();
        WebSocketConnection connection = new WebSocketConnection(wire.session, 1000);
        assertTrue(connection.enter()); // the socket's thread is inside a callback...
        closeFromAnotherThread(connection, 1001, "dropped"); // ...when another thread asks for the close
        assertNull(wire.closed.get());
        connection.leave();
        assertFalse(connection.enter());
        assertEquals(1001, wire.closed.get().getCloseCode().getCode());
    }

    @Test
    void aSilentPeersCloseIsForcedOnceAndAForcedCloseOfAClosedSocketIsHarmless() throws Exception {
        Wire wire = new Wire();
        WebSocketConnection connection = new WebSocketConnection(wire.session, 1000);
        closeFromAnotherThread(connection, 1001, "no answer to pings");
        connection.forceClose();
        assertEquals(1001, wire.closed.get().getCloseCode().getCode());
        assertFalse(connection.closePending());
        connection.forceClose(); // the container reports "already closed": swallowed
        assertFalse(connection.enter());
    }

    @Test
    void forceCloseWithoutAnAskedCloseDoesNothing() {
        Wire wire = new Wire();
        WebSocketConnection connection = new WebSocketConnection(wire.session, 1000);
        connection.forceClose();
        assertNull(wire.closed.get());
        assertTrue(connection.enter());
    }
}
