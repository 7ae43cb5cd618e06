package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** How other features look up tenants and apps: read-only, in the caller's transaction. */
@ApplicationScoped
public class TenantDirectory {

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
