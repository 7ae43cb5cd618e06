package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh token, stored as its hash. Spent exactly once, by one compare-and-set on {@code spent_at}. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

    @Id
    private String id;
    @Column(name = "family_id")
    private String familyId;
    @Column(name = "parent_id")
    private String parentId;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "issued_at")
    private long issuedAt;
    @Column(name = "expires_at")
    private long expiresAt;
    @Column(name = "spent_at")
    private Long spentAt;
    @Column(name = "revoked_at")
    private Long revokedAt;
    @Column(name = "replay_blob")
    private String replayBlob;
    @Column(name = "replay_until")
    private Long replayUntil;

    protected RefreshToken() {
    }

    public RefreshToken(String id, String familyId, String parentId, String tokenHash, Instant issuedAt, Instant expiresAt) {
        this.id = id;
        this.familyId = familyId;
        this.parentId = parentId;
        this.tokenHash = tokenHash;
        this.issuedAt = issuedAt.toEpochMilli();
        this.expiresAt = expiresAt.toEpochMilli();
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public String id() {
        return id;
    }

    public String familyId() {
        return familyId;
    }
}
