package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ViewerChannel;
import dev.tokenkeeper.viewer.control.ViewerSession;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /ws/viewer}: one socket per open report. Thin: it hands every event to {@link ViewerChannel}.
 * Messages over {@value #MAX_MESSAGE_BYTES} bytes are refused by the container with close code 1009;
 * the largest legitimate message, a hello with an access token, is well under that.
 */
@ServerEndpoint("/ws/viewer")
public class ViewerEndpoint {

    static final int MAX_MESSAGE_BYTES = 4096;
    private static final String SESSION = "tokenkeeper.viewer";
    private static final Logger LOG = Logger.getLogger(ViewerEndpoint.class.getName());

    @Inject
    ViewerChannel channel;

    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.send-timeout-millis", defaultValue = "10000")
    long sendTimeoutMillis;

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        session.getUserProperties().put(SESSION, channel.opened(new WebSocketConnection(session, sendTimeoutMillis)));
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void message(String text, Session session) {
        channel.received(viewer(session), text);
    }

    /** Without this handler the container ignored binary frames and the socket stayed open; over the limit they get 1009 too. */
    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void binary(ByteBuffer data, Session session) {
        channel.receivedBinary(viewer(session));
    }

    @OnMessage
    public void pong(PongMessage pong, Session session) {
        channel.heard(viewer(session));
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        ViewerSession viewer = viewer(session);
        if (viewer != null) {
            channel.closed(viewer);
        }
    }

    /**
     * The container reports wire failures here and closes the socket itself where the protocol says so
     * (1009 for an oversized message); a socket it leaves open stays registered, and the sweeper
     * drops it if it stops answering pings.
     */
    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Viewer socket " + session.getId() + " failed", failure);
        ViewerSession viewer = viewer(session);
        if (viewer != null && !session.isOpen()) {
            channel.closed(viewer);
        }
    }

    private static ViewerSession viewer(Session session) {
        return (ViewerSession) session.getUserProperties().get(SESSION);
    }
}
