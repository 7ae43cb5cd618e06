package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A key that signs access tokens. The newest unretired key signs; a retired key stays published
 * in the JWKS until {@code publishUntil}, after the last token it signed has expired.
 */
@Entity
@Table(name = "signing_key")
@NamedQuery(name = SigningKey.PUBLISHED, query = "SELECT k FROM SigningKey k WHERE k.publishUntil IS NULL OR k.publishUntil > :now ORDER BY k.createdAt DESC")
@NamedQuery(name = SigningKey.ACTIVE, query = "SELECT k FROM SigningKey k WHERE k.retiredAt IS NULL ORDER BY k.createdAt DESC")
public class SigningKey {

    public static final String PUBLISHED = "SigningKey.published";
    public static final String ACTIVE = "SigningKey.active";

    @Id
    private String kid;
    private String algorithm;
    @Column(name = "public_jwk")
    private String publicJwk;
    @Column(name = "private_key_sealed")
    private String privateKeySealed;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "retired_at")
    private Long retiredAt;
    @Column(name = "publish_until")
    private Long publishUntil;

    protected SigningKey() {
    }

    public SigningKey(String kid, String algorithm, String publicJwk, String privateKeySealed, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKeySealed = privateKeySealed;
        this.createdAt = createdAt.toEpochMilli();
    }

    public void retire(Instant now, Instant lastTokenExpiry) {
        this.retiredAt = now.toEpochMilli();
        this.publishUntil = lastTokenExpiry.toEpochMilli();
    }

    public String kid() {
        return kid;
    }

    public String algorithm() {
        return algorithm;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public String privateKeySealed() {
        return privateKeySealed;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant retiredAt() {
        return retiredAt == null ? null : Instant.ofEpochMilli(retiredAt);
    }

    public Instant publishUntil() {
        return publishUntil == null ? null : Instant.ofEpochMilli(publishUntil);
    }
}
