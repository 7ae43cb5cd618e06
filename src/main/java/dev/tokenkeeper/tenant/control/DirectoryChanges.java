package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * Tells the {@link DirectoryCache} of every write to an app or a tenant, whatever code path made it
 * (the REST API, the admin pages, the demo), so no path can forget to invalidate. A JPA entity
 * listener (declared in META-INF/orm.xml): the JPA provider creates it, so it looks the cache up through CDI.
 */
public class DirectoryChanges {

    /** A new app also changes the set of client ids ({@link ClientIds}): every node reads it again. */
    @PostPersist
    void created(Object entity) {
        DirectoryCache cache = cache();
        written(cache, entity);
        if (entity instanceof App) {
            cache.changed(DirectoryKeys.CLIENT_IDS);
        }
    }

    @PostUpdate
    @PostRemove
    void written(Object entity) {
        written(cache(), entity);
    }

    private static DirectoryCache cache() {
        return CDI.current().select(DirectoryCache.class).get();
    }

    private static void written(DirectoryCache cache, Object entity) {
        if (entity instanceof App app) {
            cache.changed(DirectoryKeys.app(app.clientId()));
        } else if (entity instanceof Tenant tenant) {
            cache.changed(DirectoryKeys.tenant(tenant.id()));
        }
    }
}
