package dev.tokenkeeper.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private MutableClock clock;
    private ClientRateLimiter cut;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
        cut = new ClientRateLimiter();
        cut.clock = clock;
        cut.perSecond = 1;
        cut.burst = 3;
    }

    @Test
    void burstIsAllowedAtOnce() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, cut.acquire("Tk1.app"), "request " + (i + 1));
        }
    }

    @Test
    void requestBeyondTheBurstIsRefusedWithTheWait() {
        exhaust("Tk1.app", 3);

        assertEquals(1, cut.acquire("Tk1.app"));
    }

    @Test
    void waitReflectsASlowRate() {
        cut.perSecond = 0.25;
        exhaust("Tk1.app", 3);

        assertEquals(4, cut.acquire("Tk1.app"));
    }

    @Test
    void refusedRequestDoesNotUseUpTheBucket() {
        exhaust("Tk1.app", 3);
        cut.acquire("Tk1.app");
        cut.acquire("Tk1.app");
        clock.advance(Duration.ofSeconds(1));

        assertEquals(0, cut.acquire("Tk1.app"));
    }

    @Test
    void bucketRefillsAsTimePasses() {
        exhaust("Tk1.app", 3);
        clock.advance(Duration.ofMillis(500));
        assertEquals(1, cut.acquire("Tk1.app"));

        clock.advance(Duration.ofMillis(500));

        assertEquals(0, cut.acquire("Tk1.app"));
        assertEquals(1, cut.acquire("Tk1.app"));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        exhaust("Tk1.app", 3);
        clock.advance(Duration.ofHours(1));

        exhaust("Tk1.app", 3);
        assertEquals(1, cut.acquire("Tk1.app"));
    }

    @Test
    void zeroRateDisablesTheLimit() {
        cut.perSecond = 0;

        for (int i = 0; i < 1000; i++) {
            assertEquals(0, cut.acquire("Tk1.app"));
        }
    }

    @Test
    void negativeRateDisablesTheLimit() {
        cut.perSecond = -1;

        for (int i = 0; i < 1000; i++) {
            assertEquals(0, cut.acquire("Tk1.app"));
        }
    }

    @Test
    void clientsHaveSeparateBuckets() {
        exhaust("Tk1.busy", 3);
        assertEquals(1, cut.acquire("Tk1.busy"));

        exhaust("Tk1.quiet", 3);
        assertEquals(1, cut.acquire("Tk1.quiet"));
    }

    private void exhaust(String clientId, int requests) {
        for (int i = 0; i < requests; i++) {
            assertEquals(0, cut.acquire(clientId), clientId + " request " + (i + 1) + " was refused");
        }
    }
}
