package dev.tokenkeeper.settings.entity;

import java.util.Arrays;
import java.util.Optional;

/** How a tenant's capacity is started and stopped. JSON names: "manual", "on-demand", "scheduled". */
public enum CapacityMode {
    /** Only an admin starts and stops it (the default: today's behaviour, never pauses by itself). */
    MANUAL("manual"),
    /** Pauses after the auto-pause minutes without activity; a viewer allowed to resume it starts it again. */
    ON_DEMAND("on-demand"),
    /** Active inside the weekly windows, paused outside, whatever the activity. */
    SCHEDULED("scheduled");

    private final String json;

    CapacityMode(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<CapacityMode> fromJson(String value) {
        return Arrays.stream(values()).filter(mode -> mode.json.equals(value)).findFirst();
    }
}
