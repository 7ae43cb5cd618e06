package dev.tokenkeeper.settings.entity;

import java.util.Arrays;
import java.util.Optional;

/** Whose viewers may keep the capacity awake (and, on demand, resume it). JSON names: "everyone", "selected". */
public enum KeepAlive {
    EVERYONE("everyone"),
    /** Only the users of {@link CapacitySettings#keepAliveUsers()}: e.g. the lobby TV's account. */
    SELECTED("selected");

    private final String json;

    KeepAlive(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<KeepAlive> fromJson(String value) {
        return Arrays.stream(values()).filter(keepAlive -> keepAlive.json.equals(value)).findFirst();
    }
}
