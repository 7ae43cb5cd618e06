package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.settings.control.SettingsWarnings;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** The settings as the API shows them (PRODUCT.md "Settings and admin API"), with the warnings that go with them. */
@JsonbPropertyOrder({"timedRefreshMinutes", "embedTokenMinutes", "refreshOnInteraction", "capacity", "warnings"})
public record SettingsView(int timedRefreshMinutes, int embedTokenMinutes, boolean refreshOnInteraction, CapacityView capacity,
        List<String> warnings) {

    @JsonbPropertyOrder({"mode", "autoPauseMinutes", "keepAlive", "keepAliveUsers", "windows"})
    public record CapacityView(String mode, int autoPauseMinutes, String keepAlive, List<String> keepAliveUsers, List<WindowView> windows) {
    }

    @JsonbPropertyOrder({"days", "from", "to", "zone"})
    public record WindowView(List<String> days, String from, String to, String zone) {
    }

    static SettingsView of(ViewerSettings settings) {
        CapacitySettings capacity = settings.capacity();
        List<WindowView> windows = capacity.windows().stream()
                .map(window -> new WindowView(window.days().stream().sorted().map(ScheduleWindow::dayName).toList(), window.from().toString(),
                        window.to().toString(), window.zone().getId()))
                .toList();
        return new SettingsView(settings.timedRefreshMinutes(), settings.embedTokenMinutes(), settings.refreshOnInteraction(),
                new CapacityView(capacity.mode().json(), capacity.autoPauseMinutes(), capacity.keepAlive().json(), capacity.keepAliveUsers(), windows),
                SettingsWarnings.of(settings));
    }
}
