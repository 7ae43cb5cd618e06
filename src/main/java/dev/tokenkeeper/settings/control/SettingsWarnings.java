package dev.tokenkeeper.settings.control;

import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.ArrayList;
import java.util.List;

/** The trade-offs a tenant admin must see next to the settings; they warn, they do not refuse. */
public final class SettingsWarnings {

    private SettingsWarnings() {
    }

    public static List<String> of(ViewerSettings settings) {
        List<String> warnings = new ArrayList<>();
        if (autoPauseConflict(settings)) {
            warnings.add("Timed refresh every " + settings.timedRefreshMinutes() + " min keeps the capacity awake: with auto-pause after "
                    + settings.capacity().autoPauseMinutes() + " idle minutes and keep-alive for everyone, every open report "
                    + "(a forgotten browser tab too) counts as activity, so the capacity never pauses and keeps costing. "
                    + "To let it pause, set keep-alive to selected users and list only the accounts that must stay on, "
                    + "such as the lobby TV's account; or turn timed refresh off.");
        }
        if (settings.timedRefreshOn() && settings.timedRefreshMinutes() >= settings.embedTokenMinutes()) {
            // refused since capacities came; only settings stored before then can still show it
            warnings.add("Timed refresh every " + settings.timedRefreshMinutes() + " min is not more often than the embed token "
                    + "lifetime of " + settings.embedTokenMinutes() + " min: an idle viewer's token lapses before the next round "
                    + "and shows ClientError_TokenExpired. Choose an interval shorter than the token lifetime.");
        } else if (!settings.timedRefreshOn() && !settings.refreshOnInteraction()) {
            warnings.add("With timed refresh off and refresh on interaction off, every viewer's token lapses after "
                    + settings.embedTokenMinutes() + " min and the report shows ClientError_TokenExpired until reloaded.");
        }
        return warnings;
    }

    /** Timed refresh on, capacity on demand, everyone keeps it awake: it can never pause while a viewer is open. */
    public static boolean autoPauseConflict(ViewerSettings settings) {
        return settings.timedRefreshOn() && settings.capacity().mode() == CapacityMode.ON_DEMAND
                && settings.capacity().keepAlive() == KeepAlive.EVERYONE;
    }
}
