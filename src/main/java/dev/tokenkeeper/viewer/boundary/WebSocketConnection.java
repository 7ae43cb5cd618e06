package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ViewerConnection;
import dev.tokenkeeper.viewer.control.ViewerSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A viewer connection over a Jakarta WebSocket session; every send is asynchronous and bounded in time.
 *
 * <p><b>A socket is closed only on its own thread.</b> When any other thread closes an upgraded
 * connection on Payara 6 (a sweep, a round, the thread answering a batch of hellos, an admin request),
 * Payara finishes the handshake's request on that thread while the connection's own I/O thread may be
 * reading the peer's answer to the close frame, and both hand the same pooled Grizzly request,
 * response and context back for reuse. Other requests then get those objects while they are in use:
 * {@code NullPointerException}s in Catalina's and Grizzly's request handling and a 500 for a request
 * that had nothing to do with viewers (reproduced in docs/notes/heap.md, with and without the
 * handshake release). So a close asked for on another thread is only recorded, and a ping makes the
 * peer send a frame; the close happens in the callback of that frame, on the socket's own thread,
 * where the container serialises it with the socket's reads. A peer that stays silent is closed by
 * {@link #forceClose()} from the sweep, after a patience of seconds: a silent peer sends nothing that
 * could race.
 */
final class WebSocketConnection implements ViewerConnection {

    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final Session session;
    private ViewerSession viewer;
    /** The container thread inside a callback of this socket, if any. */
    private volatile Thread reader;
    /** A close asked for on another thread, done at the peer's next frame. */
    private volatile CloseReason closeAsked;

    WebSocketConnection(Session session, long sendTimeoutMillis) {
        this.session = session;
        session.getAsyncRemote().setSendTimeout(sendTimeoutMillis);
    }

    void viewer(ViewerSession viewer) {
        this.viewer = viewer;
    }

    ViewerSession viewer() {
        return viewer;
    }

    /**
     * The container called back on this socket's own thread. Closes here when a close waits for it.
     *
     * @return false when the socket was closed instead: the frame is not handled
     */
    boolean enter() {
        CloseReason asked = closeAsked;
        if (asked != null) {
            closeNow(asked);
            return false;
        }
        reader = Thread.currentThread();
        return true;
    }

    void leave() {
        reader = null;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void ping() {
        try {
            session.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        CloseReason why = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        if (reader == Thread.currentThread()) {
            closeNow(why);
            return;
        }
        closeAsked = why;
        try {
            ping(); // the pong comes back on the socket's own thread, which closes it (enter)
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Viewer socket " + id() + ": the ping asking for its close failed; the sweep closes it", e);
        }
    }

    @Override
    public boolean closePending() {
        return closeAsked != null && session.isOpen();
    }

    @Override
    public void forceClose() {
        CloseReason asked = closeAsked;
        if (asked != null) {
            closeNow(asked);
        }
    }

    private void closeNow(CloseReason why) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(why);
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "Viewer socket " + id() + " was closing already", e);
        }
    }
}
