package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.control.OidcSecrets;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.OidcClient;
import jakarta.inject.Inject;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** How other features look up tenants and apps: read-only, in the caller's transaction. */
@ApplicationScoped
public class TenantDirectory {

    @Inject
    OidcSecrets oidcSecrets;

    /** The tenant's OpenID Connect sign-in, secret opened; empty when the tenant has none configured. */
    public Optional<OidcClient> oidcClient(Tenant tenant) {
        return tenant.hasOidcSignIn() ? Optional.of(oidcSecrets.open(tenant)) : Optional.empty();
    }

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    public Optional<App> app(String clientId) {
        return Optional.ofNullable(em.find(App.class, clientId));
    }

    public Optional<Tenant> tenant(String tenantId) {
        return Optional.ofNullable(em.find(Tenant.class, tenantId));
    }

    public Optional<Tenant> tenantBySlug(String slug) {
        return em.createNamedQuery(Tenant.BY_SLUG, Tenant.class).setParameter("slug", slug)
                .getResultStream().findFirst();
    }
}
