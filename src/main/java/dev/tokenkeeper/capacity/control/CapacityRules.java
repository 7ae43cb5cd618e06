package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a capacity should pause or resume by itself, and whose activity counts. Pure: it reads only
 * the settings, the stored state and the clock, so every rule is unit-tested by moving a clock.
 *
 * <ul>
 * <li>manual: never by itself.</li>
 * <li>on demand: pauses once {@code autoPauseMinutes} have passed since the last activity that
 * counted (or since it became active, if later); only activity resumes it, never the clock.</li>
 * <li>scheduled: active inside its windows and paused outside, enforced at each window edge. An
 * admin who resumes (or pauses) it between two edges is obeyed until the next edge.</li>
 * </ul>
 */
public class CapacityRules {

    private final Clock clock;

    public CapacityRules(Clock clock) {
        this.clock = clock;
    }

    /** Keep-alive everyone, or the user is listed. */
    public boolean mayKeepAwake(CapacitySettings settings, String user) {
        return settings.mayKeepAwake(user);
    }

    /** Only an on-demand capacity is resumed by viewers, and only by those who may keep it awake. */
    public boolean mayResume(CapacitySettings settings, String user) {
        return settings.mode() == CapacityMode.ON_DEMAND && mayKeepAwake(settings, user);
    }

    /**
     * Whether this activity keeps the capacity awake. A timed refresh counts only for users allowed to
     * keep it on; with keep-alive selected, a hello or interaction counts only for the listed users,
     * so that everyone else's forgotten tabs let it pause.
     */
    public boolean counts(CapacitySettings settings, String user, Activity kind) {
        return mayKeepAwake(settings, user);
    }

    /** Whether this activity should resume a paused capacity: a viewer opening or touching a report, never a timer. */
    public boolean resumes(CapacitySettings settings, CapacityState state, String user, Activity kind) {
        return state == CapacityState.PAUSED && kind != Activity.TIMED_REFRESH && mayResume(settings, user);
    }

    /**
     * The state the rules want now, if they want a change: {@code PAUSED} (start pausing) or
     * {@code ACTIVE} (start resuming). Empty while a transition is under way: the driver finishes it.
     */
    public Optional<CapacityState> wanted(CapacitySettings settings, CapacityState state, Instant since, Instant lastActivity) {
        return wanted(settings, state, since, lastActivity, false);
    }

    /**
     * As {@link #wanted(CapacitySettings, CapacityState, Instant, Instant)}; with {@code newPlan}
     * (the settings just changed) a schedule applies at once, even if the capacity changed state
     * after the last window edge: the admin who saved a schedule wants it now.
     */
    public Optional<CapacityState> wanted(CapacitySettings settings, CapacityState state, Instant since, Instant lastActivity, boolean newPlan) {
        Instant now = clock.instant();
        if (state.transitional()) {
            return Optional.empty();
        }
        switch (settings.mode()) {
            case ON_DEMAND -> {
                if (state == CapacityState.ACTIVE && !idleDeadline(settings, since, lastActivity).isAfter(now)) {
                    return Optional.of(CapacityState.PAUSED);
                }
                return Optional.empty();
            }
            case SCHEDULED -> {
                ScheduleCalendar calendar = new ScheduleCalendar(settings.windows(), now);
                CapacityState due = calendar.inside(now) ? CapacityState.ACTIVE : CapacityState.PAUSED;
                Instant edge = calendar.lastEdge(now);
                boolean edgePassedSinceLastChange = newPlan || edge == null || since == null || since.isBefore(edge);
                return due != state && edgePassedSinceLastChange ? Optional.of(due) : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** On demand and active: when it pauses if nothing happens. Scheduled and inside a window: the window's end. Else null. */
    public Instant pausesAt(CapacitySettings settings, CapacityState state, Instant since, Instant lastActivity) {
        if (state != CapacityState.ACTIVE) {
            return null;
        }
        return switch (settings.mode()) {
            case ON_DEMAND -> idleDeadline(settings, since, lastActivity);
            case SCHEDULED -> new ScheduleCalendar(settings.windows(), clock.instant()).endOfCurrent(clock.instant());
            default -> null;
        };
    }

    /** Scheduled and outside a window: when the next one opens. Else null. */
    public Instant opensAt(CapacitySettings settings) {
        if (settings.mode() != CapacityMode.SCHEDULED) {
            return null;
        }
        Instant now = clock.instant();
        ScheduleCalendar calendar = new ScheduleCalendar(settings.windows(), now);
        return calendar.inside(now) ? null : calendar.nextOpening(now);
    }

    private static Instant idleDeadline(CapacitySettings settings, Instant since, Instant lastActivity) {
        Instant from = since == null ? lastActivity : lastActivity == null || since.isAfter(lastActivity) ? since : lastActivity;
        return (from == null ? Instant.EPOCH : from).plus(Duration.ofMinutes(settings.autoPauseMinutes()));
    }
}
