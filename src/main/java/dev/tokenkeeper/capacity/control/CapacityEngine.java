package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.capacity.control.CapacityDriver.DriverException;
import dev.tokenkeeper.capacity.control.CapacityDriver.Progress;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.capacity.entity.CapacityChanged;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries out capacity transitions and keeps this node's view of every capacity. A transition is a
 * compare-and-set on the row into PAUSING or RESUMING (the node that wins performs it), then the
 * driver's work, then a second compare-and-set into PAUSED or ACTIVE. Each committed step is
 * announced as a {@link CapacityChanged} event after its commit. A driver failure leaves the row in
 * its transitional state with the failure in {@code problem}; the evaluator tries again.
 *
 * <p>The viewer's hot path ({@link #status}, {@link #activity}) reads a per-node snapshot of the
 * row and the capacity settings, refreshed on every event (this node's and other nodes'), on every
 * settings change and by the evaluator; activity is kept in memory ({@link ActivityLedger}).
 */
@ApplicationScoped
public class CapacityEngine {

    private static final Logger LOG = Logger.getLogger(CapacityEngine.class.getName());

    /** What this node knows of a tenant's capacity, enough to answer a viewer without the database. */
    record Snapshot(CapacitySettings settings, CapacityState state, Instant since, Instant storedActivity, String driver, String problem) {
    }

    @Inject
    CapacityStore store;

    @Inject
    Drivers drivers;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    ActivityLedger ledger;

    @Inject
    Event<CapacityChanged> changed;

    @Inject
    Clock clock;

    /** Counts nothing until CDI injects the real one (unit tests build this class with new). */
    @Inject
    CapacityMetrics metrics = new CapacityMetrics();

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.check-seconds", defaultValue = "15")
    long checkSeconds;

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    public CapacityRules rules() {
        return new CapacityRules(clock);
    }

    public CapacityStatus status(String tenantId) {
        return statusOf(tenantId, snapshot(tenantId));
    }

    public CapacitySettings settingsOf(String tenantId) {
        return snapshot(tenantId).settings();
    }

    /** Counts the activity if the rules say it counts, and resumes a paused capacity for a user who may resume it. */
    public CapacityStatus activity(String tenantId, String user, Activity kind) {
        Snapshot snapshot = snapshot(tenantId);
        CapacityRules rules = rules();
        if (rules.counts(snapshot.settings(), user, kind)) {
            ledger.record(tenantId, clock.instant());
        }
        if (rules.resumes(snapshot.settings(), snapshot.state(), user, kind)) {
            return begin(tenantId, CapacityState.ACTIVE, user, "a viewer of " + user + " came back (" + kind.name().toLowerCase() + ")");
        }
        return statusOf(tenantId, snapshot);
    }

    /**
     * Begins a transition towards {@code target} (PAUSED or ACTIVE) if the capacity is in the opposite
     * stable state; otherwise changes nothing (pausing a paused capacity is no error). Returns the status after.
     */
    public CapacityStatus begin(String tenantId, CapacityState target, String actor, String reason) {
        boolean pausing = target == CapacityState.PAUSED;
        CapacityState from = pausing ? CapacityState.ACTIVE : CapacityState.PAUSED;
        CapacityState via = pausing ? CapacityState.PAUSING : CapacityState.RESUMING;
        ensureRow(tenantId);
        Instant now = clock.instant();
        // the move also claims the first look, so no evaluator (of any node) takes over what we are about to ask the driver
        if (!store.move(tenantId, from, via, now, now.plusSeconds(checkSeconds),
                pausing ? AuditEventType.CAPACITY_PAUSING : AuditEventType.CAPACITY_RESUMING, actor, reason)) {
            return refresh(tenantId);
        }
        announce(tenantId, actor);
        return advance(tenantId, actor, true);
    }

    /** Takes a transition under way one step: {@code start} asks the driver to begin it, else how it is going. */
    public CapacityStatus advance(String tenantId, String actor, boolean start) {
        Capacity row = store.find(tenantId);
        if (row == null || !row.state().transitional()) {
            return refresh(tenantId);
        }
        CapacityDriver driver = drivers.named(row.driver());
        Instant now = clock.instant();
        boolean pausing = row.state() == CapacityState.PAUSING;
        try {
            Progress progress = start ? (pausing ? driver.pause(row) : driver.resume(row)) : driver.check(row);
            if (progress.done()) {
                CapacityState to = pausing ? CapacityState.PAUSED : CapacityState.ACTIVE;
                if (store.move(tenantId, row.state(), to, now, now, pausing ? AuditEventType.CAPACITY_PAUSED : AuditEventType.CAPACITY_RESUMED,
                        actor, "via the " + driver.name() + " driver")) {
                    announce(tenantId, actor);
                }
            } else {
                long wait = progress.retryAfterSeconds() > 0 ? progress.retryAfterSeconds() : checkSeconds;
                store.note(row, null, progress.operationUrl(), now.plusSeconds(wait), now, false);
            }
        } catch (DriverException e) {
            metrics.driverFailed(driver.name());
            LOG.log(Level.WARNING, "Capacity of tenant {0}: the {1} driver failed while {2}: {3}; trying again in {4} s",
                    new Object[] {tenantId, driver.name(), row.state().json(), e.getMessage(), checkSeconds});
            // the operation followed is forgotten: the next look asks the capacity's own state, and begins again if need be
            store.note(row, e.getMessage(), null, now.plusSeconds(checkSeconds), now, !e.getMessage().equals(row.problem()));
        }
        return refresh(tenantId);
    }

    /** One evaluation of one tenant: a transition under way is checked (by one node at a time), else the rules may begin one. */
    public void evaluate(Capacity row, CapacitySettings capacitySettings) {
        evaluate(row, capacitySettings, false);
    }

    /**
     * @param newPlan the settings just changed (or the row was just created): a schedule applies at
     *        once, not only from its next window edge (see {@link CapacityRules#wanted})
     */
    public void evaluate(Capacity row, CapacitySettings capacitySettings, boolean newPlan) {
        remember(row, capacitySettings);
        Instant now = clock.instant();
        if (row.state().transitional()) {
            if (store.claimCheck(row, now, now.plusSeconds(checkSeconds))) {
                advance(row.tenantId(), null, false);
            }
            return;
        }
        Optional<CapacityState> wanted = rules().wanted(capacitySettings, row.state(), row.since(), row.lastActivity(), newPlan);
        wanted.ifPresent(target -> begin(row.tenantId(), target, null, reason(capacitySettings, target)));
    }

    private static String reason(CapacitySettings capacitySettings, CapacityState target) {
        if (capacitySettings.mode() == CapacityMode.ON_DEMAND) {
            return "no activity for " + capacitySettings.autoPauseMinutes() + " min";
        }
        return target == CapacityState.PAUSED ? "its scheduled window closed" : "its scheduled window opened";
    }

    /** The row, created (active) if the tenant has none yet. */
    public Capacity ensureRow(String tenantId) {
        Capacity row = store.find(tenantId);
        if (row == null) {
            try {
                store.create(tenantId, clock.instant());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Capacity row of tenant {0} was created by another node", tenantId);
            }
            row = store.find(tenantId);
        }
        return row;
    }

    /** Reads the row and the settings again, and answers from them. */
    public CapacityStatus refresh(String tenantId) {
        Capacity row = ensureRow(tenantId);
        ViewerSettings viewerSettings = settings.current(tenantId);
        return statusOf(tenantId, remember(row, viewerSettings.capacity()));
    }

    /** Another node's event: its status is the new truth of this node's snapshot. */
    public void heard(CapacityChanged change) {
        CapacityStatus status = change.status();
        Snapshot known = snapshots.get(change.tenantId());
        CapacitySettings capacitySettings = known != null ? known.settings() : settings.current(change.tenantId()).capacity();
        snapshots.put(change.tenantId(), new Snapshot(capacitySettings, status.state(), status.since(), status.lastActivity(), status.driver(),
                status.problem()));
    }

    /** A settings change (this node's or another's): the snapshot takes the new capacity settings. */
    public void settingsChanged(String tenantId, CapacitySettings capacitySettings) {
        snapshots.computeIfPresent(tenantId, (id, known) -> new Snapshot(capacitySettings, known.state(), known.since(), known.storedActivity(),
                known.driver(), known.problem()));
    }

    public void forget(String tenantId) {
        snapshots.remove(tenantId);
    }

    Snapshot remember(Capacity row, CapacitySettings capacitySettings) {
        Snapshot snapshot = new Snapshot(capacitySettings, row.state(), row.since(), row.lastActivity(), row.driver(), row.problem());
        snapshots.put(row.tenantId(), snapshot);
        return snapshot;
    }

    private Snapshot snapshot(String tenantId) {
        Snapshot known = snapshots.get(tenantId);
        if (known != null) {
            return known;
        }
        refresh(tenantId);
        return snapshots.get(tenantId);
    }

    private void announce(String tenantId, String actor) {
        CapacityStatus status = refresh(tenantId);
        metrics.reached(status.state());
        changed.fire(new CapacityChanged(tenantId, status, actor));
    }

    private CapacityStatus statusOf(String tenantId, Snapshot snapshot) {
        Instant unwritten = ledger.unwritten(tenantId);
        Instant lastActivity = snapshot.storedActivity() == null || (unwritten != null && unwritten.isAfter(snapshot.storedActivity()))
                ? unwritten : snapshot.storedActivity();
        CapacitySettings capacitySettings = snapshot.settings();
        CapacityRules rules = rules();
        return new CapacityStatus(tenantId, snapshot.state(), snapshot.since(), lastActivity,
                rules.pausesAt(capacitySettings, snapshot.state(), snapshot.since(), lastActivity),
                snapshot.state() == CapacityState.ACTIVE ? null : rules.opensAt(capacitySettings), capacitySettings.mode(),
                capacitySettings.keepAlive() == KeepAlive.EVERYONE, capacitySettings.keepAliveUsers(), snapshot.driver(), snapshot.problem());
    }

    /** Names a viewer who may not resume the capacity is told to ask: the keep-alive users of an on-demand capacity. */
    public List<String> resumableBy(String tenantId) {
        CapacitySettings capacitySettings = settingsOf(tenantId);
        return capacitySettings.mode() == CapacityMode.ON_DEMAND && capacitySettings.keepAlive() == KeepAlive.SELECTED
                ? capacitySettings.keepAliveUsers() : List.of();
    }
}
