package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A viewer whose browser froze: it completes the WebSocket handshake and says hello over a raw
 * socket, then never reads again and never answers a ping. Tyrus would answer pings by itself,
 * which is why this one speaks the protocol by hand (RFC 6455: handshake, one masked text frame).
 */
final class DeadViewer implements AutoCloseable {

    private final Socket socket;

    DeadViewer(URL deployment, String helloJson) throws IOException {
        socket = new Socket(deployment.getHost(), deployment.getPort());
        socket.setSoTimeout(10_000);
        String path = deployment.getPath() + (deployment.getPath().endsWith("/") ? "" : "/") + "ws/viewer";
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + deployment.getHost() + ":" + deployment.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHeaders(socket.getInputStream());
        assertTrue(response.startsWith("HTTP/1.1 101"), "handshake answered: " + response);
        out.write(maskedTextFrame(helloJson.getBytes(StandardCharsets.UTF_8)));
        out.flush();
        // from here on, nothing is read and no ping is answered
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] maskedTextFrame(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81); // FIN + text
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
