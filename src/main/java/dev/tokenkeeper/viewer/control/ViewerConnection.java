package dev.tokenkeeper.viewer.control;

import java.util.function.Consumer;

/** The wire under a viewer session: a WebSocket in production, a recording fake in unit tests. */
public interface ViewerConnection {

    String id();

    /** Sends without waiting; {@code done} gets null on success or the failure (including a send timeout). */
    void sendText(String text, Consumer<Throwable> done);

    void ping();

    /**
     * Closes with this code and reason. The wire may only finish it later, on its own thread: then
     * {@link #closePending()} is true until it did, and {@link #forceClose()} ends the wait.
     */
    void close(int code, String reason);

    /** Whether a close asked for earlier still waits for the wire (for the peer's next frame). */
    default boolean closePending() {
        return false;
    }

    /** Closes now what {@link #close} left waiting: for a peer that stayed silent. */
    default void forceClose() {
    }
}
