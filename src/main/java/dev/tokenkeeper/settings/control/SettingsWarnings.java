package dev.tokenkeeper.settings.control;

import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.ArrayList;
import java.util.List;

/** The trade-offs a tenant admin must see next to the settings; they warn, they do not refuse. */
public final class SettingsWarnings {

    private SettingsWarnings() {
    }

    public static List<String> of(ViewerSettings settings) {
        List<String> warnings = new ArrayList<>();
        if (settings.timedRefreshOn()) {
            warnings.add("Timed refresh keeps every open report awake: a capacity set to pause itself after idle minutes "
                    + "will not pause while viewers are open, and keeps costing. To let it pause, allow only selected users "
                    + "(a TV dashboard) to keep the capacity on, or turn timed refresh off.");
            if (settings.timedRefreshMinutes() >= settings.embedTokenMinutes()) {
                warnings.add("Timed refresh every " + settings.timedRefreshMinutes() + " min is not more often than the embed token "
                        + "lifetime of " + settings.embedTokenMinutes() + " min: an idle viewer's token lapses before the next round "
                        + "and shows ClientError_TokenExpired. Choose an interval shorter than the token lifetime.");
            }
        } else if (!settings.refreshOnInteraction()) {
            warnings.add("With timed refresh off and refresh on interaction off, every viewer's token lapses after "
                    + settings.embedTokenMinutes() + " min and the report shows ClientError_TokenExpired until reloaded.");
        }
        return warnings;
    }
}
