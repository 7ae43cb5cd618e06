package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A code of the web application flow (RFC 6749 §4.1), known only by its hash: single use, bound to
 * the client, the redirect URI and the PKCE challenge of the authorization request, and alive for
 * {@link #LIFETIME} (GitHub's ten minutes; RFC 6749 §4.1.2 recommends at most ten). After use it keeps
 * the hash of what it issued, so that presenting it again can revoke exactly that.
 */
@Entity
@Table(name = "authorization_code")
@NamedQuery(name = AuthorizationCode.SPEND, query = "UPDATE AuthorizationCode c SET c.usedAt = :now WHERE c.codeHash = :hash AND c.usedAt IS NULL")
@NamedQuery(name = AuthorizationCode.PURGE, query = "DELETE FROM AuthorizationCode c WHERE c.expiresAt < :before")
public class AuthorizationCode {

    public static final String SPEND = "AuthorizationCode.spend";
    public static final String PURGE = "AuthorizationCode.purge";
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    @Id
    @Column(name = "code_hash")
    private String codeHash;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "redirect_uri")
    private String redirectUri;
    /** RFC 6749 §4.1.3: when the authorization request named the redirect URI, the token request must name it too. */
    @Column(name = "redirect_uri_given")
    private boolean redirectUriGiven;
    @Column(name = "code_challenge")
    private String codeChallenge;
    private String subject;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "expires_at")
    private long expiresAt;
    @Column(name = "used_at")
    private Long usedAt;
    @Column(name = "issued_token_hash")
    private String issuedTokenHash;
    @Column(name = "issued_family_id")
    private String issuedFamilyId;

    protected AuthorizationCode() {
    }

    public AuthorizationCode(String codeHash, String tenantId, String clientId, String redirectUri, boolean redirectUriGiven,
            String codeChallenge, String subject, Instant now) {
        this.codeHash = codeHash;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.redirectUriGiven = redirectUriGiven;
        this.codeChallenge = codeChallenge;
        this.subject = subject;
        this.createdAt = now.toEpochMilli();
        this.expiresAt = now.plus(LIFETIME).toEpochMilli();
    }

    /** Expired from the first millisecond of its eleventh minute. */
    public boolean expiredAt(Instant now) {
        return now.toEpochMilli() >= expiresAt;
    }

    /** What the code bought: the hash of the token, and the token family it started (none for a non-expiring token). */
    public void issued(String tokenHash, String familyId) {
        this.issuedTokenHash = tokenHash;
        this.issuedFamilyId = familyId;
    }

    public String issuedFamilyId() {
        return issuedFamilyId;
    }

    public String codeHash() {
        return codeHash;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public boolean redirectUriGiven() {
        return redirectUriGiven;
    }

    public String codeChallenge() {
        return codeChallenge;
    }

    public String subject() {
        return subject;
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAt);
    }

    public boolean used() {
        return usedAt != null;
    }

    public String issuedTokenHash() {
        return issuedTokenHash;
    }
}
