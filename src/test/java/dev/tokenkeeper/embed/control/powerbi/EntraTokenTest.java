package dev.tokenkeeper.embed.control.powerbi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntraTokenTest {

    private static final Instant T0 = Instant.parse("2026-11-25T11:00:00Z");
    private static final Duration MARGIN = Duration.ofMinutes(5);

    @Test
    void renewsWhenLessThanLifetimePlusMarginIsLeft() {
        EntraToken token = new EntraToken("t", T0, T0.plus(Duration.ofMinutes(90)));
        assertFalse(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(Duration.ofMinutes(25))));
        assertTrue(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(Duration.ofMinutes(25)).plusSeconds(1)));
        assertFalse(token.needsRenewal(Duration.ofMinutes(15), MARGIN, T0.plus(Duration.ofMinutes(70))));
    }

    @Test
    void tokenShorterThanLifetimePlusMarginIsKeptForOneMargin() {
        EntraToken token = new EntraToken("t", T0, T0.plus(Duration.ofMinutes(60)));
        assertFalse(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0), "fresh: a renewal could give no more");
        assertFalse(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(MARGIN)));
        assertTrue(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(MARGIN).plusSeconds(1)));
    }

    @Test
    void veryShortTokenIsKeptForHalfItsLifeAndNeverUsedExpired() {
        EntraToken token = new EntraToken("t", T0, T0.plus(Duration.ofMinutes(4)));
        assertFalse(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(Duration.ofMinutes(2))));
        assertTrue(token.needsRenewal(Duration.ofMinutes(60), MARGIN, T0.plus(Duration.ofMinutes(2)).plusSeconds(1)));
        assertTrue(token.needsRenewal(Duration.ZERO, Duration.ZERO, T0.plus(Duration.ofMinutes(4))));
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertFalse(new EntraToken("eyJ-secret-access-token", T0, T0).toString().contains("eyJ"));
    }
}
