package dev.tokenkeeper.settings.entity;

import java.io.Serializable;

/**
 * What the viewer channel and the capacity need to know about a tenant. Serializable: it crosses nodes in {@link SettingsChanged}.
 *
 * @param timedRefreshMinutes 0 (off) to 59: push a fresh embed token to every open viewer this often
 * @param embedTokenMinutes 5 to 60: lifetime of an embed token
 * @param refreshOnInteraction whether an interaction in the second half of a token's life refreshes it
 * @param capacity how the tenant's capacity starts and stops
 */
public record ViewerSettings(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction, CapacitySettings capacity)
        implements Serializable {

    public static final ViewerSettings DEFAULTS = new ViewerSettings(0, 60, true);

    public ViewerSettings {
        capacity = capacity == null ? CapacitySettings.DEFAULTS : capacity;
    }

    /** Settings with the default capacity (manual, active). */
    public ViewerSettings(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction) {
        this(timedRefreshMinutes, embedTokenMinutes, refreshOnInteraction, CapacitySettings.DEFAULTS);
    }

    public boolean timedRefreshOn() {
        return timedRefreshMinutes > 0;
    }

    public ViewerSettings withCapacity(CapacitySettings next) {
        return new ViewerSettings(timedRefreshMinutes, embedTokenMinutes, refreshOnInteraction, next);
    }
}
