package dev.tokenkeeper.settings.entity;

import java.io.Serializable;
import java.util.List;

/**
 * A tenant's capacity settings (the {@code capacity} object of the settings API).
 *
 * @param mode manual, on-demand or scheduled
 * @param autoPauseMinutes 5 to 1440: on demand, pause after this long without activity
 * @param keepAlive whose viewers count as activity and may resume it
 * @param keepAliveUsers the users ({@code sub}) allowed when {@code keepAlive} is selected
 * @param windows when a scheduled capacity is on
 */
public record CapacitySettings(CapacityMode mode, int autoPauseMinutes, KeepAlive keepAlive, List<String> keepAliveUsers,
        List<ScheduleWindow> windows) implements Serializable {

    /** Manual and active: a tenant that never touched its capacity behaves as before capacities existed. */
    public static final CapacitySettings DEFAULTS = new CapacitySettings(CapacityMode.MANUAL, 30, KeepAlive.EVERYONE, List.of(), List.of());

    public CapacitySettings {
        keepAliveUsers = keepAliveUsers == null ? List.of() : List.copyOf(keepAliveUsers);
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** Keep-alive everyone, or the user is listed. */
    public boolean mayKeepAwake(String user) {
        return keepAlive == KeepAlive.EVERYONE || (user != null && keepAliveUsers.contains(user));
    }
}
