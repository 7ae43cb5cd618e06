package dev.tokenkeeper.viewer.control;

import java.util.function.Consumer;

/** The wire under a viewer session: a WebSocket in production, a recording fake in unit tests. */
public interface ViewerConnection {

    String id();

    /** Sends without waiting; {@code done} gets null on success or the failure (including a send timeout). */
    void sendText(String text, Consumer<Throwable> done);

    void ping();

    void close(int code, String reason);
}
