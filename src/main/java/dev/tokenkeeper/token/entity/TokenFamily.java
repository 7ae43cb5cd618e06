package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * All refresh tokens descended from one original grant. Revocation is recorded here, once, so a
 * revoke that races a rotation can never leave a live token behind: every token of a revoked
 * family is dead, including a successor committed a moment after the revoke.
 */
@Entity
@Table(name = "token_family")
@NamedQuery(name = TokenFamily.LIVE_AMONG,
        query = "SELECT f.id FROM TokenFamily f WHERE f.id IN :ids AND f.revokedAt IS NULL AND f.absoluteExpiresAt > :now")
public class TokenFamily {

    public static final String LIVE_AMONG = "TokenFamily.liveAmong";
    public static final String REVOKED_FOR_REUSE = "reuse";
    public static final String REVOKED_ON_REQUEST = "revoked";

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "client_id")
    private String clientId;
    private String subject;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "absolute_expires_at")
    private long absoluteExpiresAt;
    @Column(name = "revoked_at")
    private Long revokedAt;
    @Column(name = "revoked_reason")
    private String revokedReason;

    protected TokenFamily() {
    }

    public TokenFamily(String tenantId, String clientId, String subject, Instant createdAt, Instant absoluteExpiresAt) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.subject = subject;
        this.createdAt = createdAt.toEpochMilli();
        this.absoluteExpiresAt = absoluteExpiresAt.toEpochMilli();
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String subject() {
        return subject;
    }

    public Instant absoluteExpiresAt() {
        return Instant.ofEpochMilli(absoluteExpiresAt);
    }
}
