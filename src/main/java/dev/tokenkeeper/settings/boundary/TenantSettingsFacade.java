package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.settings.entity.SettingsChanged;
import dev.tokenkeeper.settings.entity.TenantSettings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings feature's facade: how other features (embed tokens, the viewer channel, timers) read
 * a tenant's settings, and how the admin API changes them. Always read from the database, so a
 * change made on one node is seen by every node.
 */
@ApplicationScoped
public class TenantSettingsFacade {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Event<SettingsChanged> changes;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public ViewerSettings current(String tenantId) {
        TenantSettings row = em.find(TenantSettings.class, tenantId);
        return row == null ? ViewerSettings.DEFAULTS : row.viewerSettings();
    }

    /** Every tenant whose viewers get timed refresh, with its settings: timers are built from these at start. */
    @Transactional
    public Map<String, ViewerSettings> withTimedRefresh() {
        return em.createNamedQuery(TenantSettings.WITH_TIMED_REFRESH, TenantSettings.class).getResultStream()
                .collect(Collectors.toMap(TenantSettings::tenantId, TenantSettings::viewerSettings));
    }

    /** Stores the settings; observers of {@link SettingsChanged} hear of it once the change has committed. */
    @Transactional
    public ViewerSettings change(String tenantId, ViewerSettings settings) {
        Instant now = clock.instant();
        TenantSettings row = em.find(TenantSettings.class, tenantId);
        if (row == null) {
            em.persist(new TenantSettings(tenantId, settings, now));
        } else {
            row.apply(settings, now);
        }
        audit.record(tenantId, now, AuditEventType.SETTINGS_CHANGED, null, null, null, null,
                "timed refresh " + (settings.timedRefreshOn() ? "every " + settings.timedRefreshMinutes() + " min" : "off")
                        + ", embed tokens " + settings.embedTokenMinutes() + " min, refresh on interaction "
                        + (settings.refreshOnInteraction() ? "on" : "off"));
        changes.fire(new SettingsChanged(tenantId, settings));
        return settings;
    }
}
