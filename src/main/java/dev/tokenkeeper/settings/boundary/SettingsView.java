package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.settings.control.SettingsWarnings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

@JsonbPropertyOrder({"timedRefreshMinutes", "embedTokenMinutes", "refreshOnInteraction", "warnings"})
public record SettingsView(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction, List<String> warnings) {

    static SettingsView of(ViewerSettings settings) {
        return new SettingsView(settings.timedRefreshMinutes(), settings.embedTokenMinutes(), settings.refreshOnInteraction(),
                SettingsWarnings.of(settings));
    }
}
