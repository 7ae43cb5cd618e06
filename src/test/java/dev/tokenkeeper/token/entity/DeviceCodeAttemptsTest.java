package dev.tokenkeeper.token.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Brute force on user codes: after N wrong codes in the window, the address waits for the window's end. */
class DeviceCodeAttemptsTest {

    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX = 10;

    @Test
    void fewerWrongCodesThanTheLimitNeedNoWait() {
        DeviceCodeAttempts cut = new DeviceCodeAttempts("192.0.2.1", START);
        for (int i = 0; i < MAX - 1; i++) {
            cut.fail(START.plusSeconds(i), WINDOW);
        }
        assertEquals(0, cut.waitSeconds(START.plusSeconds(10), MAX, WINDOW));
    }

    @Test
    void theLimitReachedMeansWaitingUntilTheWindowEnds() {
        DeviceCodeAttempts cut = new DeviceCodeAttempts("192.0.2.1", START);
        for (int i = 0; i < MAX; i++) {
            cut.fail(START.plusSeconds(i), WINDOW);
        }
        assertEquals(900 - 60, cut.waitSeconds(START.plusSeconds(60), MAX, WINDOW));
        assertEquals(1, cut.waitSeconds(START.plusMillis(WINDOW.toMillis() - 400), MAX, WINDOW), "rounded up");
        assertEquals(0, cut.waitSeconds(START.plus(WINDOW), MAX, WINDOW));
    }

    @Test
    void aWrongCodeAfterTheWindowStartsANewWindow() {
        DeviceCodeAttempts cut = new DeviceCodeAttempts("192.0.2.1", START);
        for (int i = 0; i < MAX; i++) {
            cut.fail(START, WINDOW);
        }
        Instant later = START.plus(WINDOW).plusSeconds(1);
        cut.fail(later, WINDOW);
        assertEquals(1, cut.failures());
        assertEquals(0, cut.waitSeconds(later, MAX, WINDOW));
    }
}
