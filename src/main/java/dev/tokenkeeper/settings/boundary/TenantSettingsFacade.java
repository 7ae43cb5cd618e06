package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.settings.control.SettingsChanges;
import dev.tokenkeeper.settings.control.SettingsValidator;
import dev.tokenkeeper.settings.entity.InvalidSettingsException;
import dev.tokenkeeper.settings.entity.SettingsChanged;
import dev.tokenkeeper.settings.entity.StaleSettingsException;
import dev.tokenkeeper.settings.entity.TenantSettings;
import dev.tokenkeeper.settings.entity.VersionedSettings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings feature's facade: how other features (embed tokens, the viewer channel, timers, the
 * capacity) read a tenant's settings, and how the admin API and pages change them. Always read from
 * the database, so a change made on one node is seen by every node.
 */
@ApplicationScoped
public class TenantSettingsFacade {

    /** Who changed settings when no person or app did (the demo's provisioning at start). */
    public static final String SYSTEM = "system";

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
        return currentVersioned(tenantId).settings();
    }

    /** The settings with their version, for the API's {@code ETag}. */
    @Transactional
    public VersionedSettings currentVersioned(String tenantId) {
        TenantSettings row = em.find(TenantSettings.class, tenantId);
        return row == null ? new VersionedSettings(ViewerSettings.DEFAULTS, "0") : new VersionedSettings(row.viewerSettings(), row.version());
    }

    /** Every tenant whose viewers get timed refresh, with its settings: timers are built from these at start. */
    @Transactional
    public Map<String, ViewerSettings> withTimedRefresh() {
        return em.createNamedQuery(TenantSettings.WITH_TIMED_REFRESH, TenantSettings.class).getResultStream()
                .collect(Collectors.toMap(TenantSettings::tenantId, TenantSettings::viewerSettings));
    }

    /** Every tenant that has stored settings (the others have the defaults): the capacity evaluator walks these. */
    @Transactional
    public Map<String, ViewerSettings> stored() {
        return em.createNamedQuery(TenantSettings.ALL, TenantSettings.class).getResultStream()
                .collect(Collectors.toMap(TenantSettings::tenantId, TenantSettings::viewerSettings));
    }

    /** Stores settings on behalf of the system (no If-Match). */
    @Transactional
    public ViewerSettings change(String tenantId, ViewerSettings settings) {
        return change(tenantId, settings, null, SYSTEM).settings();
    }

    /**
     * Validates the whole object, then stores it; observers of {@link SettingsChanged} hear of it once
     * the change has committed.
     *
     * @param expectedVersion the version the caller read ({@code If-Match}); null to store whatever is current
     * @param actor who changes them (a user's sub or an app's client id), for the audit log
     * @throws InvalidSettingsException with one message per bad field; nothing stored
     * @throws StaleSettingsException when {@code expectedVersion} is no longer current; nothing stored
     */
    @Transactional
    public VersionedSettings change(String tenantId, ViewerSettings next, String expectedVersion, String actor) {
        Map<String, String> problems = SettingsValidator.problems(next);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        Instant now = clock.instant();
        // the row lock makes version check and write one step: two admins saving at once cannot both win
        TenantSettings row = em.find(TenantSettings.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        ViewerSettings before = row == null ? ViewerSettings.DEFAULTS : row.viewerSettings();
        String currentVersion = row == null ? "0" : row.version();
        if (expectedVersion != null && !expectedVersion.equals(currentVersion)) {
            throw new StaleSettingsException(expectedVersion, currentVersion);
        }
        if (row == null) {
            row = new TenantSettings(tenantId, next, now);
            em.persist(row);
        } else {
            row.apply(next, now);
        }
        audit.record(tenantId, now, AuditEventType.SETTINGS_CHANGED, null, actor, null, null,
                "by " + actor + ": " + SettingsChanges.describe(before, next));
        changes.fire(new SettingsChanged(tenantId, next));
        return new VersionedSettings(next, row.version());
    }
}
