package dev.tokenkeeper.settings.entity;

import java.io.Serializable;

/**
 * What the viewer channel needs to know about a tenant. Serializable: it crosses nodes in {@link SettingsChanged}.
 *
 * @param timedRefreshMinutes 0 (off) to 59: push a fresh embed token to every open viewer this often
 * @param embedTokenMinutes 5 to 60: lifetime of an embed token
 * @param refreshOnInteraction whether an interaction in the second half of a token's life refreshes it
 */
public record ViewerSettings(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction) implements Serializable {

    public static final ViewerSettings DEFAULTS = new ViewerSettings(0, 60, true);

    public boolean timedRefreshOn() {
        return timedRefreshMinutes > 0;
    }
}
