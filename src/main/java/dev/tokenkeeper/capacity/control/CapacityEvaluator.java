package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.platform.control.DatabaseFailures;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the capacity rules on every node, every {@code tokenkeeper.capacity.evaluate-seconds}
 * (a programmatic, non-persistent EJB timer: Payara Micro does not fail persistent timers over,
 * STACK-NOTES), and right after a settings change. Each pass first writes this node's coalesced
 * activity, then reads every capacity row and the stored settings. Several nodes evaluating at once
 * is safe: a transition is a compare-and-set on the row, and a transition under way is looked at by
 * the node that claimed the look ({@link CapacityStore#claimCheck}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// no container transaction around a pass: each step commits on its own (CapacityStore), before its
// event is fired and before any driver calls Azure, which must never hold a pooled connection
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CapacityEvaluator {

    private static final Logger LOG = Logger.getLogger(CapacityEvaluator.class.getName());

    @Resource
    TimerService timers;

    @Inject
    CapacityEngine engine;

    @Inject
    CapacityStore store;

    @Inject
    ActivityLedger ledger;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.evaluate-seconds", defaultValue = "15")
    long evaluateSeconds;

    /**
     * Each tenant's evaluation runs as its own task: a driver call may wait on Azure for many seconds
     * (retries, a hanging ARM), and evaluated one after the other, one tenant's slow ARM held up every
     * other tenant's pause and resume for that long.
     */
    @Resource
    ManagedExecutorService managedExecutor;

    /** Where evaluations run: the managed executor, or the caller's thread when there is none (unit tests). */
    Executor evaluations;

    /** One pass at a time on this node; a pass that finds the lock taken is skipped (the running one does the work). */
    private final ReentrantLock passing = new ReentrantLock();
    /** Tenants whose evaluation is still running: the next pass leaves them to it instead of queueing a second. */
    private final Set<String> evaluating = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        if (evaluations == null) {
            evaluations = managedExecutor != null ? managedExecutor : Runnable::run;
        }
        long period = Math.max(1, evaluateSeconds) * 1000;
        timers.createIntervalTimer(period, period, new TimerConfig("capacity-evaluator", false));
    }

    @Timeout
    void due() {
        pass();
    }

    /** Writes this node's activity, then evaluates every capacity. Never throws: the next pass comes anyway. */
    public void pass() {
        if (!passing.tryLock()) {
            return;
        }
        try {
            flushActivity();
            Map<String, ViewerSettings> stored = settings.stored();
            Map<String, Capacity> rows = new HashMap<>();
            for (Capacity row : store.all()) {
                rows.put(row.tenantId(), row);
            }
            // a tenant whose settings let the capacity change by itself gets its row now, and its plan applies at once
            Set<String> created = new HashSet<>();
            stored.forEach((tenantId, viewerSettings) -> {
                if (viewerSettings.capacity().mode() != CapacityMode.MANUAL && !rows.containsKey(tenantId)) {
                    rows.put(tenantId, engine.ensureRow(tenantId));
                    created.add(tenantId);
                }
            });
            for (Capacity row : rows.values()) {
                CapacitySettings capacitySettings = stored.getOrDefault(row.tenantId(), ViewerSettings.DEFAULTS).capacity();
                evaluateAside(row, capacitySettings, created.contains(row.tenantId()));
            }
        } catch (RuntimeException e) {
            warn("Capacity evaluation failed; trying again in " + evaluateSeconds + " s", e);
        } finally {
            passing.unlock();
        }
    }

    /**
     * A settings change on this node: a settings change counts as activity (so switching to on-demand
     * does not pause a capacity idle for hours at once), then the tenant is evaluated now.
     */
    public void settingsChanged(String tenantId) {
        try {
            engine.ensureRow(tenantId);
            store.touch(tenantId, clock.instant());
            engine.evaluate(store.find(tenantId), settings.current(tenantId).capacity(), true);
        } catch (RuntimeException e) {
            warn("Could not evaluate the capacity of tenant " + tenantId + " after its settings changed; the next pass will", e);
        }
    }

    /** Evaluates one tenant on its own task, unless its previous evaluation is still running. */
    private void evaluateAside(Capacity row, CapacitySettings capacitySettings, boolean newPlan) {
        String tenantId = row.tenantId();
        if (!evaluating.add(tenantId)) {
            LOG.fine(() -> "Capacity of tenant " + tenantId + " is still being evaluated (a slow driver): left to that evaluation");
            return;
        }
        Runnable evaluation = () -> {
            try {
                engine.evaluate(row, capacitySettings, newPlan);
            } catch (RuntimeException e) {
                warn("Could not evaluate the capacity of tenant " + tenantId + "; trying again next pass", e);
            } finally {
                evaluating.remove(tenantId);
            }
        };
        try {
            evaluations.execute(evaluation);
        } catch (RejectedExecutionException e) {
            evaluating.remove(tenantId);
            LOG.warning(() -> "Capacity of tenant " + tenantId + " not evaluated this pass: " + e.getMessage());
        }
    }

    private void flushActivity() {
        Map<String, Instant> taken = ledger.drain();
        for (Map.Entry<String, Instant> entry : taken.entrySet()) {
            try {
                store.touch(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                ledger.record(entry.getKey(), entry.getValue());
                throw e;
            }
        }
    }

    /** One line per pass while the database is away; a stack trace for anything else. */
    private static void warn(String what, RuntimeException e) {
        DatabaseFailures.unreachable(e).ifPresentOrElse(
                why -> LOG.log(Level.WARNING, what + ": " + why),
                () -> LOG.log(Level.WARNING, what, e));
    }
}
