package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;

/** A viewer as a test drives it: a real WebSocket (Tyrus) that records every message and how it closed. */
final class ViewerClient implements AutoCloseable {

    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    /** When each message arrived (by identity: two equal messages are two arrivals), for tests that place them in time. */
    private final java.util.Map<JsonObject, java.time.Instant> arrivals =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private ViewerClient(ClientManager client, URI uri) throws Exception {
        session = client.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session opened, EndpointConfig config) {
                opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    IssuedSecrets.recordFrom(text); // the embed tokens sent to viewers, for LogHygieneIT
                    JsonObject message = Json.createReader(new StringReader(text)).readObject();
                    arrivals.put(message, java.time.Instant.now());
                    received.add(message);
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    static ViewerClient connect(ClientManager client, URL deployment) throws Exception {
        String http = deployment.toString();
        String ws = http.replaceFirst("^http", "ws") + (http.endsWith("/") ? "" : "/") + "ws/viewer";
        return new ViewerClient(client, URI.create(ws));
    }

    ViewerClient send(String json) throws IOException {
        session.getBasicRemote().sendText(json);
        return this;
    }

    /** A binary frame, which the channel's protocol does not have. */
    ViewerClient sendBinary(byte[] bytes) throws IOException {
        session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(bytes));
        return this;
    }

    ViewerClient hello(String accessToken, String reportId) throws IOException {
        return send("{\"type\":\"hello\",\"accessToken\":\"" + accessToken + "\",\"reportId\":\"" + reportId + "\"}");
    }

    ViewerClient interaction(String kind) throws IOException {
        return send("{\"type\":\"interaction\",\"kind\":\"" + kind + "\"}");
    }

    /** The next message, failing the test if none comes within {@code within}. */
    JsonObject next(Duration within) throws InterruptedException {
        JsonObject message = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + within);
        return message;
    }

    /** When {@code message}, read from this client, arrived. */
    java.time.Instant arrivedAt(JsonObject message) {
        return arrivals.get(message);
    }

    /** The next message, or null when none comes within {@code within}. */
    JsonObject poll(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    JsonObject nextToken(String reason) throws InterruptedException {
        JsonObject message = next(Duration.ofSeconds(10));
        org.junit.jupiter.api.Assertions.assertEquals("token", message.getString("type"), message.toString());
        org.junit.jupiter.api.Assertions.assertEquals(reason, message.getString("reason"), message.toString());
        return message;
    }

    /** Asserts that nothing arrives for {@code during}. */
    void expectNothing(Duration during) throws InterruptedException {
        assertNull(received.poll(during.toMillis(), TimeUnit.MILLISECONDS), "expected no message");
    }

    /**
     * Asserts that nothing but a timed token arrives for {@code during}. For a tenant whose timed
     * refresh is on: its rounds run on the container's timer at wall-clock multiples of the period,
     * whatever the test's clock, so one may legitimately fall inside the window.
     */
    void expectNothingButTimedTokens(Duration during) throws InterruptedException {
        long deadline = System.nanoTime() + during.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonObject message = received.poll(left, TimeUnit.NANOSECONDS);
            if (message != null) {
                org.junit.jupiter.api.Assertions.assertTrue("token".equals(message.getString("type", null))
                        && "timed".equals(message.getString("reason", null)), "expected nothing but a timed token, got " + message);
            }
        }
    }

    CloseReason closeReason(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
