package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * What one rotation writes into its family's row: the successor (by hash) and its expiry, and the
 * sealed answer an idempotent retry of the spent token may open until {@code replayUntil}.
 */
public record Rotation(String successorHash, Instant successorExpiresAt, Instant rotatedAt, String replayBlob,
        Instant replayUntil) {
}
