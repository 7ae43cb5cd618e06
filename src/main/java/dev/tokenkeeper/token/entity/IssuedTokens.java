package dev.tokenkeeper.token.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * What a grant hands out. Absolute times, so an idempotent retry answers the same tokens with the
 * time they really have left.
 *
 * @param refreshToken null for app tokens and non-expiring tokens
 * @param accessExpiresAt null for a non-expiring token
 */
public record IssuedTokens(String accessToken, Instant accessExpiresAt, String refreshToken,
        Instant refreshExpiresAt, String scope) {

    /** Whole seconds left, rounded up: a token minted a few milliseconds ago still has its full 28800 s. */
    public static long secondsLeft(Instant until, Instant now) {
        long millis = Duration.between(now, until).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
