package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.platform.control.DatabaseFailures;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.SettingsChanged;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.viewer.entity.AlignedRounds;
import dev.tokenkeeper.viewer.entity.ScheduledRefresh;
import dev.tokenkeeper.viewer.entity.TimedRefreshTimer;
import fish.payara.micro.cdi.Inbound;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One programmatic, non-persistent EJB timer per tenant with timed refresh on, on every node. Payara
 * Micro does not fail persistent timers over between nodes (STACK-NOTES), so each node keeps its own
 * timers and serves the viewers connected to it. Built from the database at start, rescheduled when
 * a settings change commits on this node or is announced by another ({@link SettingsRelay}), and
 * reconciled with the database every half minute, which heals anything missed.
 *
 * <p>The rounds are the cluster's, not the node's: every timer fires at the multiples of its period
 * counted from the epoch ({@link AlignedRounds}), so all nodes run a round together (and share its
 * one embed-token mint through the cluster-wide cache) however and whenever each node scheduled it.
 * A node that joins or reschedules falls in step at its first round.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class TimedRefreshSchedule {

    private static final Logger LOG = Logger.getLogger(TimedRefreshSchedule.class.getName());

    @Resource
    TimerService timers;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    TimedRefreshRounds rounds;

    @Inject
    Clock clock;

    /**
     * Seconds in one "minute" of {@code timedRefreshMinutes}. For tests only (a cluster test cannot
     * wait minutes for a round): anything but 60 in production makes the settings lie.
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.timed-minute-seconds", defaultValue = "60")
    long minuteSeconds;

    @PostConstruct
    void fromDatabase() {
        Map<String, ViewerSettings> timed = scheduleAsStored();
        LOG.info(() -> "Timed refresh scheduled for " + timed.size() + " tenant(s)");
    }

    /** Sets a timer for every tenant whose stored settings ask for timed refresh. @return those tenants */
    private Map<String, ViewerSettings> scheduleAsStored() {
        Map<String, ViewerSettings> timed = settings.withTimedRefresh();
        timed.forEach((tenantId, viewerSettings) -> schedule(tenantId, viewerSettings.timedRefreshMinutes()));
        return timed;
    }

    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default SettingsChanged change) {
        schedule(change.tenantId(), change.settings().timedRefreshMinutes());
    }

    /** A change committed through another node ({@link SettingsRelay} there). */
    public void settingsChangedElsewhere(@Observes @Inbound SettingsChanged change) {
        schedule(change.tenantId(), change.settings().timedRefreshMinutes());
    }

    /** Sets the tenant's timer to {@code everyMinutes} (0 cancels it); does nothing when it already is so. */
    public synchronized void schedule(String tenantId, int everyMinutes) {
        Optional<Timer> current = timerOf(tenantId);
        if (current.isPresent() && info(current.get()).everyMinutes() == everyMinutes) {
            return;
        }
        current.ifPresent(Timer::cancel);
        if (everyMinutes > 0) {
            AlignedRounds aligned = new AlignedRounds(Duration.ofSeconds(minuteSeconds * everyMinutes));
            // an interval timer's later expirations are counted from its first (fixed rate), so they stay aligned
            Date first = Date.from(aligned.nextAfter(clock.instant()));
            timers.createIntervalTimer(first, aligned.period().toMillis(), new TimerConfig(new TimedRefreshTimer(tenantId, everyMinutes), false));
            LOG.info(() -> "Timed refresh for tenant " + tenantId + ": every " + everyMinutes + " min, first round at " + first.toInstant());
        } else if (current.isPresent()) {
            LOG.info(() -> "Timed refresh for tenant " + tenantId + ": off");
        }
    }

    // Outside any transaction (what the round writes opens its own): in the container's transaction a
    // failed database call marked it for rollback even though the round caught it, the container then
    // delivered the timeout again and, after the second failure, dropped the tenant's interval timer
    // until the next reconciliation (seen in FaultsIT as a round missing after a database outage).
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void roundDue(Timer timer) {
        try {
            rounds.run(info(timer).tenantId());
        } catch (RuntimeException e) {
            // an exception would make the container retry the timeout; the next round comes anyway
            warn("Timed refresh round for tenant " + info(timer).tenantId() + " failed; its viewers keep their tokens", e);
        }
    }

    /** Brings changes made through other nodes; also repairs a timer lost to anything unforeseen. */
    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void reconcile() {
        try {
            Map<String, ViewerSettings> timed = scheduleAsStored();
            for (Timer timer : timers.getTimers()) {
                if (timer.getInfo() instanceof TimedRefreshTimer info && !timed.containsKey(info.tenantId())) {
                    schedule(info.tenantId(), 0);
                }
            }
        } catch (RuntimeException e) {
            warn("Could not reconcile timed refresh with the database; trying again in 30 s", e);
        }
    }

    /** Runs the tenant's round now, as its timer would. @return false when the tenant has no timed refresh */
    public boolean roundNow(String tenantId) {
        Optional<Timer> timer = timerOf(tenantId);
        timer.ifPresent(this::roundDue);
        return timer.isPresent();
    }

    public Optional<ScheduledRefresh> scheduled(String tenantId) {
        return timerOf(tenantId).map(timer -> new ScheduledRefresh(info(timer).everyMinutes(), timer.getNextTimeout().toInstant()));
    }

    private Optional<Timer> timerOf(String tenantId) {
        return timers.getTimers().stream()
                .filter(timer -> timer.getInfo() instanceof TimedRefreshTimer info && info.tenantId().equals(tenantId))
                .findFirst();
    }

    private static TimedRefreshTimer info(Timer timer) {
        return (TimedRefreshTimer) timer.getInfo();
    }

    /** One line per pass while the database is away; a stack trace for anything else. */
    private static void warn(String what, RuntimeException e) {
        DatabaseFailures.unreachable(e).ifPresentOrElse(
                why -> LOG.log(Level.WARNING, what + ": " + why),
                () -> LOG.log(Level.WARNING, what, e));
    }
}
