package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * A token family as one row holds it: who it belongs to, its absolute cap, whether it is revoked,
 * and its refresh tokens as hashes: the live one ({@code currentHash}, absent once the family has
 * none) and the one spent by the last rotation ({@code previousHash}), with that rotation's sealed
 * answer for an idempotent retry. Read fresh from the database every time, never cached.
 */
public record FamilyState(
        String id,
        String tenantId,
        String clientId,
        String subject,
        Instant absoluteExpiresAt,
        Instant revokedAt,
        String revokedReason,
        long generation,
        String currentHash,
        Instant currentExpiresAt,
        String previousHash,
        Instant rotatedAt,
        String replayBlob,
        Instant replayUntil) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** The presented token (by hash) is the family's live one. */
    public boolean isCurrent(String tokenHash) {
        return currentHash != null && currentHash.equals(tokenHash);
    }

    /** The presented token (by hash) is the one the last rotation spent, and its successor is still unspent. */
    public boolean isPrevious(String tokenHash) {
        return previousHash != null && previousHash.equals(tokenHash);
    }

    /** The live token could still be exchanged. */
    public boolean liveAt(Instant now) {
        return !revoked() && currentHash != null && currentExpiresAt != null && now.isBefore(currentExpiresAt);
    }
}
