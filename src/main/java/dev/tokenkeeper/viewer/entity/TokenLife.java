package dev.tokenkeeper.viewer.entity;

import java.time.Duration;
import java.time.Instant;

/** When a viewer's token was issued and when it expires: the rules of refresh and lapse read these. */
public record TokenLife(Instant issuedAt, Instant expiresAt) {

    /** An interaction refreshes only a token past half its life: earlier, the viewer has time enough. */
    public boolean inSecondHalfAt(Instant now) {
        Duration half = Duration.between(issuedAt, expiresAt).dividedBy(2);
        return !now.isBefore(issuedAt.plus(half));
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
