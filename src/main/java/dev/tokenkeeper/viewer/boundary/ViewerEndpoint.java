package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ViewerChannel;
import dev.tokenkeeper.viewer.control.ViewerSession;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code /ws/viewer}: one socket per open report. Thin: it hands every event to {@link ViewerChannel}.
 * Messages over {@value #MAX_MESSAGE_BYTES} bytes are refused by the container with close code 1009;
 * the largest legitimate message, a hello with an access token, is well under that.
 *
 * <p>One instance serves every socket ({@link OneInstance}): it holds nothing of a session, and the
 * container's default made a CDI instance (an injection target, a creational context) per socket,
 * which a node holding ten thousand TVs pays for in heap and in CPU at every reconnect.
 */
@ServerEndpoint(value = "/ws/viewer", configurator = ViewerEndpoint.OneInstance.class)
public class ViewerEndpoint {

    static final int MAX_MESSAGE_BYTES = 4096;
    private static final String SESSION = "tokenkeeper.viewer";
    private static final Logger LOG = Logger.getLogger(ViewerEndpoint.class.getName());

    private final ViewerChannel channel;
    private final long sendTimeoutMillis;
    private final TyrusIdleTimeouts idleTimeouts = new TyrusIdleTimeouts();

    ViewerEndpoint(ViewerChannel channel, long sendTimeoutMillis) {
        this.channel = channel;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    /**
     * Hands the container the one endpoint instance. The container creates the configurator itself,
     * not through CDI, so the collaborators are looked up here once instead of injected.
     */
    public static class OneInstance extends ServerEndpointConfig.Configurator {
        private ViewerEndpoint endpoint;

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            if (endpointClass != ViewerEndpoint.class) {
                return super.getEndpointInstance(endpointClass);
            }
            return endpointClass.cast(endpoint());
        }

        private synchronized ViewerEndpoint endpoint() {
            if (endpoint == null) {
                long sendTimeout = ConfigProvider.getConfig().getOptionalValue("tokenkeeper.viewer.send-timeout-millis", Long.class).orElse(10_000L);
                endpoint = new ViewerEndpoint(CDI.current().select(ViewerChannel.class).get(), sendTimeout);
            }
            return endpoint;
        }
    }

    @OnOpen
    public void open(Session session) {
        idleTimeouts.install(session);
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        WebSocketConnection connection = new WebSocketConnection(session, sendTimeoutMillis);
        connection.viewer(channel.opened(connection));
        session.getUserProperties().put(SESSION, connection);
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void message(String text, Session session) {
        onOwnThread(session, viewer -> channel.received(viewer, text));
    }

    /** Without this handler the container ignored binary frames and the socket stayed open; over the limit they get 1009 too. */
    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public void binary(ByteBuffer data, Session session) {
        onOwnThread(session, channel::receivedBinary);
    }

    @OnMessage
    public void pong(PongMessage pong, Session session) {
        onOwnThread(session, channel::heard);
    }

    /**
     * Every frame's callback runs here, on the socket's own thread: a close that another thread asked
     * for happens now instead of the frame (see {@link WebSocketConnection}).
     */
    private static void onOwnThread(Session session, Consumer<ViewerSession> handling) {
        WebSocketConnection connection = connection(session);
        if (connection.enter()) {
            try {
                handling.accept(connection.viewer());
            } finally {
                connection.leave();
            }
        }
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

    private static WebSocketConnection connection(Session session) {
        return (WebSocketConnection) session.getUserProperties().get(SESSION);
    }

    private static ViewerSession viewer(Session session) {
        WebSocketConnection connection = connection(session);
        return connection == null ? null : connection.viewer();
    }
}
