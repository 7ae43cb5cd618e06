package dev.tokenkeeper.settings.entity;

/**
 * What the viewer channel needs to know about a tenant.
 *
 * @param timedRefreshMinutes 0 (off) to 59: push a fresh embed token to every open viewer this often
 * @param embedTokenMinutes 5 to 60: lifetime of an embed token
 * @param refreshOnInteraction whether an interaction in the second half of a token's life refreshes it
 */
public record ViewerSettings(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction) {

    public static final ViewerSettings DEFAULTS = new ViewerSettings(0, 60, true);

    public boolean timedRefreshOn() {
        return timedRefreshMinutes > 0;
    }
}
