package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ViewerConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A viewer connection over a Jakarta WebSocket session; every send is asynchronous and bounded in time. */
final class WebSocketConnection implements ViewerConnection {

    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    private final Session session;

    WebSocketConnection(Session session, long sendTimeoutMillis) {
        this.session = session;
        session.getAsyncRemote().setSendTimeout(sendTimeoutMillis);
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
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
