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

    public Tenant create(String slug, String name, String issuer, String inlineJwks, String jwksUri) {
        if (Tenant.PLATFORM_SLUG.equals(slug) || bySlug(slug).isPresent()) {
            throw new ClientErrorException("A tenant with slug '" + slug + "' already exists: choose another slug", 409);
        }
        if (inlineJwks != null) {
            checkPublicKeySet(inlineJwks);
        }
        Instant now = clock.instant();
        Tenant tenant = new Tenant(slug, name, now);
        tenant.trustIdentityProvider(issuer, inlineJwks, jwksUri);
        em.persist(tenant);
        audit.record(tenant.id(), now, AuditEventType.TENANT_CREATED, null, null, null, null, "tenant " + slug + " created");
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
