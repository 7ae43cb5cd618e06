package dev.tokenkeeper.signin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.signin.entity.ProviderMetadata;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery is fetched once per cache lifetime, by the injected clock, and its issuer must be the configured one. */
class OidcDiscoveryTest {

    HttpServer server;
    AtomicInteger fetches = new AtomicInteger();
    String issuer;
    volatile String announcedIssuer;
    MovingClock clock = new MovingClock();
    OidcDiscovery cut;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
        announcedIssuer = issuer;
        server.createContext("/realm/.well-known/openid-configuration", exchange -> {
            fetches.incrementAndGet();
            byte[] body = ("{\"issuer\":\"" + announcedIssuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                    + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/certs\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        cut = new OidcDiscovery();
        cut.clock = clock;
        cut.discoverySeconds = 3600;
        cut.jwksSeconds = 3600;
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void documentIsCachedForItsLifetimeThenFetchedAgain() {
        ProviderMetadata first = cut.metadata(issuer);
        assertEquals(issuer + "/token", first.tokenEndpoint());
        cut.metadata(issuer);
        clock.advance(Duration.ofMinutes(59));
        cut.metadata(issuer);
        assertEquals(1, fetches.get(), "served from the cache");
        clock.advance(Duration.ofMinutes(2));
        cut.metadata(issuer);
        assertEquals(2, fetches.get(), "fetched again after the cache lifetime");
    }

    @Test
    void documentNamingAnotherIssuerIsRefused() {
        announcedIssuer = "https://evil.example";
        SignInFailedException e = assertThrows(SignInFailedException.class, () -> cut.metadata(issuer));
        assertTrue(e.getMessage().contains("names issuer"), e.getMessage());
    }

    @Test
    void unreachableProviderIsASignInFailureNotACrash() {
        server.stop(0);
        assertThrows(SignInFailedException.class, () -> cut.metadata(issuer));
    }

    @Test
    void keySourceIsOnePerJwksUri() {
        assertTrue(cut.keys(issuer + "/certs") == cut.keys(issuer + "/certs"));
    }

    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
