package dev.tokenkeeper.token.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizationCodeTest {

    static final Instant ISSUED = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void livesTenMinutesAsOnGitHub() {
        AuthorizationCode cut = new AuthorizationCode("h", "t", "c", "https://app.example/cb", true, null, "ada", ISSUED);
        assertEquals(ISSUED.plus(Duration.ofMinutes(10)), cut.expiresAt());
        assertFalse(cut.expiredAt(ISSUED));
        assertFalse(cut.expiredAt(ISSUED.plus(Duration.ofMinutes(10)).minusMillis(1)));
        assertTrue(cut.expiredAt(ISSUED.plus(Duration.ofMinutes(10))));
    }

    @Test
    void isNotUsedUntilSpent() {
        AuthorizationCode cut = new AuthorizationCode("h", "t", "c", "https://app.example/cb", false, "x".repeat(43), "ada", ISSUED);
        assertFalse(cut.used());
        assertEquals(null, cut.issuedTokenHash());
    }
}
