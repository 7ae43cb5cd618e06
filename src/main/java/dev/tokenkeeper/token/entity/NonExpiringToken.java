package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The single opaque token of an app that opted out of expiring user tokens. Valid until revoked. */
@Entity
@Table(name = "non_expiring_token")
@NamedQuery(name = NonExpiringToken.BY_HASH, query = "SELECT t FROM NonExpiringToken t WHERE t.tokenHash = :hash")
public class NonExpiringToken {

    public static final String BY_HASH = "NonExpiringToken.byHash";

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "client_id")
    private String clientId;
    private String subject;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "issued_at")
    private long issuedAt;
    @Column(name = "revoked_at")
    private Long revokedAt;

    protected NonExpiringToken() {
    }

    public NonExpiringToken(String tenantId, String clientId, String subject, String tokenHash, Instant issuedAt) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.subject = subject;
        this.tokenHash = tokenHash;
        this.issuedAt = issuedAt.toEpochMilli();
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now.toEpochMilli();
        }
    }

    public boolean revoked() {
        return revokedAt != null;
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

    public String tokenHash() {
        return tokenHash;
    }

    public Instant issuedAt() {
        return Instant.ofEpochMilli(issuedAt);
    }
}
