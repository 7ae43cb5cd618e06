package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;

/**
 * Tells the {@link DirectoryCache} of every write to an app or a tenant, whatever code path made it
 * (the REST API, the admin pages, the demo), so no path can forget to invalidate. EclipseLink calls
 * it after each insert, update and delete of the two entities, inside the writing transaction (as
 * JPA's post-persist, post-update and post-remove callbacks); it looks the cache up through CDI
 * because EclipseLink, not CDI, creates it.
 *
 * <p>Registered by {@link Registration}, which {@code persistence.xml} names for both entities, so the
 * entities do not depend on the control layer. It was an entity listener declared in {@code orm.xml}:
 * reading that one file made EclipseLink build its whole XML mapping of the orm schema at every start
 * (about 0.35 s of a boot's CPU, docs/benchmarks.md).
 */
public class DirectoryChanges extends DescriptorEventAdapter {

    /** Adds the listener to the descriptor of the entity that {@code persistence.xml} names it for. */
    public static class Registration implements DescriptorCustomizer {
        @Override
        public void customize(ClassDescriptor descriptor) {
            descriptor.getEventManager().addListener(new DirectoryChanges());
        }
    }

    /** A new app also changes the set of client ids ({@link ClientIds}): every node reads it again. */
    @Override
    public void postInsert(DescriptorEvent event) {
        DirectoryCache cache = cache();
        written(cache, event.getObject());
        if (event.getObject() instanceof App) {
            cache.changed(DirectoryKeys.CLIENT_IDS);
        }
    }

    @Override
    public void postUpdate(DescriptorEvent event) {
        written(cache(), event.getObject());
    }

    @Override
    public void postDelete(DescriptorEvent event) {
        written(cache(), event.getObject());
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
