package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.control.ClientIds;
import dev.tokenkeeper.tenant.control.DirectoryCache;
import dev.tokenkeeper.tenant.control.DirectoryKeys;
import dev.tokenkeeper.tenant.control.OidcSecrets;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.OidcClient;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import java.util.Optional;

/** How other features look up tenants and apps: read-only. Apps and tenants by id come from the {@link DirectoryCache}. */
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

    @PersistenceUnit(unitName = "tokenkeeper")
    EntityManagerFactory entityManagers;

    @Inject
    DirectoryCache cache;

    @Inject
    ClientIds clientIds;

    /**
     * The app, from this node's memory while no node has changed it ({@link DirectoryCache}). The
     * instance is shared: read it, never change it (changes go through the tenant registries).
     */
    public Optional<App> app(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        String key = DirectoryKeys.app(clientId);
        if (!cache.holds(key) && !clientIds.mayExist(clientId)) {
            return Optional.empty(); // no app has this id: answered from memory, and nothing kept for a made-up id
        }
        return cache.get(key, () -> detached(App.class, clientId));
    }

    /** The tenant, cached as {@link #app} is. */
    public Optional<Tenant> tenant(String tenantId) {
        if (tenantId == null) {
            return Optional.empty();
        }
        return cache.get(DirectoryKeys.tenant(tenantId), () -> detached(Tenant.class, tenantId));
    }

    /** Read outside the caller's persistence context, so the cached instance is never a managed one. */
    private <T> Optional<T> detached(Class<T> type, String id) {
        EntityManager reader = entityManagers.createEntityManager();
        try {
            return Optional.ofNullable(reader.find(type, id));
        } finally {
            reader.close();
        }
    }

    public Optional<Tenant> tenantBySlug(String slug) {
        return em.createNamedQuery(Tenant.BY_SLUG, Tenant.class).setParameter("slug", slug)
                .getResultStream().findFirst();
    }
}
