package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A JWT access token without a family (an app token) that was revoked before it expired. */
@Entity
@Table(name = "revoked_access_token")
public class RevokedAccessToken {

    @Id
    private String jti;
    @Column(name = "expires_at")
    private long expiresAt;

    protected RevokedAccessToken() {
    }

    public RevokedAccessToken(String jti, Instant expiresAt) {
        this.jti = jti;
        this.expiresAt = expiresAt.toEpochMilli();
    }
}
