package dev.tokenkeeper.tenant.control;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.ClientErrorException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class TenantRegistry {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    OidcSecrets oidcSecrets;

    public Tenant create(String slug, String name, String issuer, String inlineJwks, String jwksUri) {
        return create(slug, name, issuer, inlineJwks, jwksUri, null, null, null);
    }

    public Tenant create(String slug, String name, String issuer, String inlineJwks, String jwksUri,
            String oidcIssuer, String oidcClientId, String oidcClientSecret) {
        if (Tenant.PLATFORM_SLUG.equals(slug) || bySlug(slug).isPresent()) {
            throw new ClientErrorException("A tenant with slug '" + slug + "' already exists: choose another slug", 409);
        }
        if (inlineJwks != null) {
            checkPublicKeySet(inlineJwks);
        }
        Instant now = clock.instant();
        Tenant tenant = new Tenant(slug, name, now);
        tenant.trustIdentityProvider(issuer, inlineJwks, jwksUri);
        if (oidcIssuer != null) {
            if (oidcClientSecret == null) {
                throw new InvalidInputException("identityProvider.oidc.clientSecret", "is required: the client secret Tokenkeeper uses at the provider");
            }
            tenant.signInWithOidc(oidcIssuer, oidcClientId, oidcSecrets.seal(tenant.id(), oidcIssuer, oidcClientId, oidcClientSecret));
        }
        em.persist(tenant);
        audit.record(tenant.id(), now, AuditEventType.TENANT_CREATED, null, null, null, null, "tenant " + slug + " created");
        return tenant;
    }

    /**
     * Replaces the tenant's identity provider (token-exchange trust and OIDC sign-in). A missing
     * {@code oidcClientSecret} keeps the stored one, but only while the issuer and client id stay the
     * same: the sealed secret is bound to them. A null {@code oidcIssuer} removes OIDC sign-in.
     */
    public Tenant changeIdentityProvider(Tenant tenant, String issuer, String inlineJwks, String jwksUri,
            String oidcIssuer, String oidcClientId, String oidcClientSecret) {
        if (inlineJwks != null) {
            checkPublicKeySet(inlineJwks);
        }
        String sealed = null;
        if (oidcIssuer != null) {
            if (oidcClientSecret != null) {
                sealed = oidcSecrets.seal(tenant.id(), oidcIssuer, oidcClientId, oidcClientSecret);
            } else if (oidcIssuer.equals(tenant.oidcIssuer()) && oidcClientId.equals(tenant.oidcClientId())) {
                sealed = tenant.oidcClientSecretSealed();
            } else {
                throw new InvalidInputException("identityProvider.oidc.clientSecret",
                        "is required when the issuer or client id changes (or when none was stored before)");
            }
        }
        Instant now = clock.instant();
        tenant.trustIdentityProvider(issuer, inlineJwks, jwksUri);
        tenant.signInWithOidc(oidcIssuer, oidcIssuer == null ? null : oidcClientId, sealed);
        audit.record(tenant.id(), now, AuditEventType.TENANT_CHANGED, null, null, null, null,
                "identity provider changed: issuer " + issuer + (oidcIssuer == null ? ", no OIDC sign-in"
                        : ", OIDC sign-in at " + oidcIssuer + " as client " + oidcClientId + ", client secret "
                                + (oidcClientSecret != null ? "replaced" : "kept")));
        return tenant;
    }

    public Optional<Tenant> bySlug(String slug) {
        return em.createNamedQuery(Tenant.BY_SLUG, Tenant.class).setParameter("slug", slug).getResultStream().findFirst();
    }

    public java.util.List<Tenant> all() {
        return em.createQuery("SELECT t FROM Tenant t ORDER BY t.slug", Tenant.class).getResultList();
    }

    private static void checkPublicKeySet(String jwks) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new InvalidInputException("identityProvider.jwks", "is not a JWK set (RFC 7517): " + e.getMessage());
        }
        if (set.getKeys().isEmpty()) {
            throw new InvalidInputException("identityProvider.jwks", "holds no keys: add the provider's public signing keys");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw new InvalidInputException("identityProvider.jwks",
                        "key " + key.getKeyID() + " includes private parts: send only public keys (and rotate that key, it has been exposed)");
            }
        }
    }
}
