package dev.tokenkeeper.admin.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.token.control.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final Backoff cut = new Backoff(3, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1));

    @Test
    void firstFailuresWithinTheFreeOnesCostNothing() {
        Backoff.Failures state = null;
        for (int i = 1; i <= 3; i++) {
            state = cut.afterFailure(state, clock.instant());
            assertEquals(i, state.count());
            assertEquals(Duration.ZERO, cut.remaining(state, clock.instant()));
        }
    }

    @Test
    void eachFailureAfterTheFreeOnesDoublesTheLockUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(30), cut.lockAfter(4));
        assertEquals(Duration.ofSeconds(60), cut.lockAfter(5));
        assertEquals(Duration.ofSeconds(120), cut.lockAfter(6));
        assertEquals(Duration.ofMinutes(15), cut.lockAfter(9));
        assertEquals(Duration.ofMinutes(15), cut.lockAfter(500));
    }

    @Test
    void theLockRunsOutAsTheClockMoves() {
        Backoff.Failures state = null;
        for (int i = 0; i < 4; i++) {
            state = cut.afterFailure(state, clock.instant());
        }
        assertEquals(Duration.ofSeconds(30), cut.remaining(state, clock.instant()));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(10), cut.remaining(state, clock.instant()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, cut.remaining(state, clock.instant()));
    }

    @Test
    void aFailureRightAfterALockLocksLonger() {
        Backoff.Failures state = null;
        for (int i = 0; i < 4; i++) {
            state = cut.afterFailure(state, clock.instant());
        }
        clock.advance(Duration.ofSeconds(31));
        state = cut.afterFailure(state, clock.instant());
        assertEquals(5, state.count());
        assertEquals(Duration.ofSeconds(60), cut.remaining(state, clock.instant()));
    }

    @Test
    void aQuietHourForgetsTheFailures() {
        Backoff.Failures state = null;
        for (int i = 0; i < 5; i++) {
            state = cut.afterFailure(state, clock.instant());
        }
        clock.advance(Duration.ofHours(1));
        state = cut.afterFailure(state, clock.instant());
        assertEquals(1, state.count());
        assertEquals(Duration.ZERO, cut.remaining(state, clock.instant()));
    }

    @Test
    void nonsenseRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ZERO));
    }
}
