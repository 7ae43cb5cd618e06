package dev.tokenkeeper.tenant.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "tenant")
@NamedQuery(name = Tenant.BY_SLUG, query = "SELECT t FROM Tenant t WHERE t.slug = :slug")
public class Tenant {

    public static final String BY_SLUG = "Tenant.bySlug";
    /** The tenant that owns the platform admin app; it has no identity provider and no users. */
    public static final String PLATFORM_SLUG = "platform";

    @Id
    private String id;
    private String slug;
    private String name;
    @Column(name = "idp_issuer")
    private String idpIssuer;
    @Column(name = "idp_jwks")
    private String idpJwks;
    @Column(name = "idp_jwks_uri")
    private String idpJwksUri;
    @Column(name = "created_at")
    private long createdAt;
    /** OpenID Connect relying-party registration at the tenant's provider, for the web and device flows. */
    @Column(name = "oidc_issuer")
    private String oidcIssuer;
    @Column(name = "oidc_client_id")
    private String oidcClientId;
    @Column(name = "oidc_client_secret_sealed")
    private String oidcClientSecretSealed;

    protected Tenant() {
    }

    public Tenant(String slug, String name, Instant createdAt) {
        this.id = UUID.randomUUID().toString();
        this.slug = slug;
        this.name = name;
        this.createdAt = createdAt.toEpochMilli();
    }

    public void trustIdentityProvider(String issuer, String inlineJwks, String jwksUri) {
        this.idpIssuer = issuer;
        this.idpJwks = inlineJwks;
        this.idpJwksUri = jwksUri;
    }

    public void signInWithOidc(String issuer, String clientId, String clientSecretSealed) {
        this.oidcIssuer = issuer;
        this.oidcClientId = clientId;
        this.oidcClientSecretSealed = clientSecretSealed;
    }

    public boolean hasOidcSignIn() {
        return oidcIssuer != null && oidcClientId != null && oidcClientSecretSealed != null;
    }

    public String oidcIssuer() {
        return oidcIssuer;
    }

    public String oidcClientId() {
        return oidcClientId;
    }

    public String oidcClientSecretSealed() {
        return oidcClientSecretSealed;
    }

    public boolean hasIdentityProvider() {
        return idpIssuer != null && (idpJwks != null || idpJwksUri != null);
    }

    public String id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public String idpIssuer() {
        return idpIssuer;
    }

    public String idpJwks() {
        return idpJwks;
    }

    public String idpJwksUri() {
        return idpJwksUri;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }
}
