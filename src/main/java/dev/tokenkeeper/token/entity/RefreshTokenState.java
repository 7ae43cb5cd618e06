package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * A refresh token as read in one statement together with its family: what the rotation rules need
 * to decide. Read as a projection, never as a managed entity, so a re-read after a lost
 * compare-and-set always sees the database and not a persistence-context copy.
 */
public record RefreshTokenState(
        String id,
        String familyId,
        String tenantId,
        String clientId,
        String subject,
        Instant expiresAt,
        Instant spentAt,
        Instant revokedAt,
        String replayBlob,
        Instant replayUntil,
        Instant familyCap,
        Instant familyRevokedAt,
        String familyRevokedReason) {

    /** The constructor JPQL's {@code SELECT NEW} calls: times arrive as epoch milliseconds. */
    public RefreshTokenState(String id, String familyId, String tenantId, String clientId, String subject,
            Long expiresAt, Long spentAt, Long revokedAt, String replayBlob, Long replayUntil,
            Long familyCap, Long familyRevokedAt, String familyRevokedReason) {
        this(id, familyId, tenantId, clientId, subject, instant(expiresAt), instant(spentAt), instant(revokedAt),
                replayBlob, instant(replayUntil), instant(familyCap), instant(familyRevokedAt), familyRevokedReason);
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public boolean spent() {
        return spentAt != null;
    }

    public boolean familyRevoked() {
        return familyRevokedAt != null;
    }

    /** Live: could still be exchanged. */
    public boolean liveAt(Instant now) {
        return spentAt == null && revokedAt == null && familyRevokedAt == null && now.isBefore(expiresAt);
    }
}
