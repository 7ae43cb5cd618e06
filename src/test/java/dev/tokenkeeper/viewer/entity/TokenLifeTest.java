package dev.tokenkeeper.viewer.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenLifeTest {

    private static final Instant ISSUED = Instant.parse("2026-11-27T10:00:00Z");
    private final TokenLife life = new TokenLife(ISSUED, ISSUED.plus(Duration.ofMinutes(60)));

    @Test
    void theSecondHalfStartsAtHalfTheLifetime() {
        assertFalse(life.inSecondHalfAt(ISSUED));
        assertFalse(life.inSecondHalfAt(ISSUED.plus(Duration.ofMinutes(30)).minusMillis(1)));
        assertTrue(life.inSecondHalfAt(ISSUED.plus(Duration.ofMinutes(30))));
        assertTrue(life.inSecondHalfAt(ISSUED.plus(Duration.ofMinutes(59))));
    }

    @Test
    void expiredFromTheExpirationOn() {
        assertFalse(life.expiredAt(ISSUED.plus(Duration.ofMinutes(60)).minusMillis(1)));
        assertTrue(life.expiredAt(ISSUED.plus(Duration.ofMinutes(60))));
    }
}
