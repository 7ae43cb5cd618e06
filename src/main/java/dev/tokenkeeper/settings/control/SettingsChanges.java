package dev.tokenkeeper.settings.control;

import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The audit log's account of a settings change: each field that changed, before → after, in the
 * settings API's own names and values. Only the changed fields, so the entry stays readable (and
 * within the audit detail's 1000 characters) however long the lists are.
 */
public final class SettingsChanges {

    private SettingsChanges() {
    }

    public static String describe(ViewerSettings before, ViewerSettings after) {
        Map<String, String> was = flatten(before);
        Map<String, String> now = flatten(after);
        List<String> changed = new ArrayList<>();
        now.forEach((field, value) -> {
            if (!value.equals(was.get(field))) {
                changed.add(field + ": " + was.get(field) + " → " + value);
            }
        });
        return changed.isEmpty() ? "no change" : String.join("; ", changed);
    }

    static Map<String, String> flatten(ViewerSettings settings) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("timedRefreshMinutes", Integer.toString(settings.timedRefreshMinutes()));
        fields.put("embedTokenMinutes", Integer.toString(settings.embedTokenMinutes()));
        fields.put("refreshOnInteraction", Boolean.toString(settings.refreshOnInteraction()));
        CapacitySettings capacity = settings.capacity();
        fields.put("capacity.mode", capacity.mode().json());
        fields.put("capacity.autoPauseMinutes", Integer.toString(capacity.autoPauseMinutes()));
        fields.put("capacity.keepAlive", capacity.keepAlive().json());
        fields.put("capacity.keepAliveUsers", capacity.keepAliveUsers().toString());
        fields.put("capacity.windows", capacity.windows().stream().map(SettingsChanges::window)
                .collect(Collectors.joining(", ", "[", "]")));
        return fields;
    }

    private static String window(ScheduleWindow window) {
        return window.days().stream().map(ScheduleWindow::dayName).collect(Collectors.joining(",")) + " " + window.from() + "-"
                + window.to() + " " + window.zone().getId();
    }
}
