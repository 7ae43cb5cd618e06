package dev.tokenkeeper.settings.control;

import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.InvalidSettingsException;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code PUT /api/tenants/{tenant}/settings} onto the current settings: fields
 * left out (or null) keep their value, inside {@code capacity} too; {@code keepAliveUsers} and
 * {@code windows} are replaced as whole lists. Every problem is collected, those of the JSON's
 * shape (a day that is not MON..SUN, a time not HH:mm, an unknown zone) and then those of
 * {@link SettingsValidator}, so one answer names every bad field. Unknown fields (such as the
 * {@code warnings} of a GET sent back) are ignored.
 */
public final class SettingsReader {

    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Map<String, DayOfWeek> DAYS = new TreeMap<>();
    private static final int MAX_ZONE_LENGTH = 64;

    static {
        for (DayOfWeek day : DayOfWeek.values()) {
            DAYS.put(ScheduleWindow.dayName(day), day);
        }
    }

    private final Map<String, String> problems = new TreeMap<>();

    private SettingsReader() {
    }

    /** @throws InvalidSettingsException with every problem found; nothing is stored by the caller then */
    public static ViewerSettings read(JsonObject body, ViewerSettings current) {
        SettingsReader reader = new SettingsReader();
        ViewerSettings next = reader.settings(body, current);
        SettingsValidator.problems(next).forEach(reader.problems::putIfAbsent);
        if (!reader.problems.isEmpty()) {
            throw new InvalidSettingsException(reader.problems);
        }
        return next;
    }

    private ViewerSettings settings(JsonObject body, ViewerSettings current) {
        int timed = integer(body, "timedRefreshMinutes", "timedRefreshMinutes", current.timedRefreshMinutes(), "0 (off) to 59 minutes");
        int embed = integer(body, "embedTokenMinutes", "embedTokenMinutes", current.embedTokenMinutes(), "5 to 60 minutes");
        boolean onInteraction = bool(body, "refreshOnInteraction", current.refreshOnInteraction());
        CapacitySettings capacity = current.capacity();
        JsonValue value = body.get("capacity");
        if (value != null && value != JsonValue.NULL) {
            if (value instanceof JsonObject object) {
                capacity = capacity(object, capacity);
            } else {
                problems.put("capacity", "an object {\"mode\", \"autoPauseMinutes\", \"keepAlive\", \"keepAliveUsers\", \"windows\"}");
            }
        }
        return new ViewerSettings(timed, embed, onInteraction, capacity);
    }

    private CapacitySettings capacity(JsonObject body, CapacitySettings current) {
        CapacityMode mode = current.mode();
        String modeName = string(body, "mode", "capacity.mode");
        if (modeName != null) {
            mode = CapacityMode.fromJson(modeName).orElse(mode);
            if (CapacityMode.fromJson(modeName).isEmpty()) {
                problems.put("capacity.mode", "one of \"manual\", \"on-demand\", \"scheduled\"");
            }
        }
        int autoPause = integer(body, "autoPauseMinutes", "capacity.autoPauseMinutes", current.autoPauseMinutes(), "5 to 1440 minutes (24 hours)");
        KeepAlive keepAlive = current.keepAlive();
        String keepAliveName = string(body, "keepAlive", "capacity.keepAlive");
        if (keepAliveName != null) {
            keepAlive = KeepAlive.fromJson(keepAliveName).orElse(keepAlive);
            if (KeepAlive.fromJson(keepAliveName).isEmpty()) {
                problems.put("capacity.keepAlive", "one of \"everyone\", \"selected\"");
            }
        }
        List<String> users = current.keepAliveUsers();
        JsonArray userArray = array(body, "keepAliveUsers", "capacity.keepAliveUsers", SettingsValidator.MAX_KEEP_ALIVE_USERS, "users");
        if (userArray != null) {
            users = new ArrayList<>();
            for (int i = 0; i < userArray.size(); i++) {
                if (userArray.get(i) instanceof JsonString user) {
                    users.add(user.getString());
                } else {
                    problems.put("capacity.keepAliveUsers[" + i + "]", "a user's sub, as a string");
                    // keeps its place, so the list is not taken for empty ("required when selected") as well
                    users.add("");
                }
            }
        }
        List<ScheduleWindow> windows = current.windows();
        JsonArray windowArray = array(body, "windows", "capacity.windows", SettingsValidator.MAX_WINDOWS, "windows");
        if (windowArray != null) {
            windows = new ArrayList<>();
            for (int i = 0; i < windowArray.size(); i++) {
                String field = "capacity.windows[" + i + "]";
                if (windowArray.get(i) instanceof JsonObject window) {
                    windows.add(window(window, field));
                } else {
                    problems.put(field, "a window {\"days\": [\"MON\", …], \"from\": \"08:00\", \"to\": \"18:00\", \"zone\": \"America/Sao_Paulo\"}");
                }
            }
        }
        return new CapacitySettings(mode, autoPause, keepAlive, users, windows);
    }

    private ScheduleWindow window(JsonObject window, String field) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonArray dayArray = array(window, "days", field + ".days", 7 * 4, "days");
        if (dayArray == null) {
            problems.putIfAbsent(field + ".days", "at least one of \"MON\" .. \"SUN\"");
        } else {
            for (JsonValue day : dayArray) {
                DayOfWeek parsed = day instanceof JsonString name ? DAYS.get(name.getString()) : null;
                if (parsed == null) {
                    problems.put(field + ".days", "each one of \"MON\", \"TUE\", \"WED\", \"THU\", \"FRI\", \"SAT\", \"SUN\"");
                } else {
                    days.add(parsed);
                }
            }
        }
        LocalTime from = time(window, "from", field + ".from");
        LocalTime to = time(window, "to", field + ".to");
        ZoneId zone = null;
        String zoneName = string(window, "zone", field + ".zone");
        if (zoneName == null) {
            problems.putIfAbsent(field + ".zone", "an IANA time zone id, e.g. \"America/Sao_Paulo\"");
        } else if (zoneName.length() > MAX_ZONE_LENGTH || !ZoneId.getAvailableZoneIds().contains(zoneName)) {
            problems.put(field + ".zone", "not an IANA time zone id: use one such as \"America/Sao_Paulo\", \"Europe/Berlin\" or \"UTC\"");
        } else {
            zone = ZoneId.of(zoneName);
        }
        // parts that failed are null: the validator's own message for them does not replace the one above
        return new ScheduleWindow(days, from, to, zone);
    }

    private LocalTime time(JsonObject body, String name, String field) {
        String value = string(body, name, field);
        if (value == null) {
            problems.putIfAbsent(field, "a time \"HH:mm\", e.g. \"08:00\"");
            return null;
        }
        if (!HH_MM.matcher(value).matches()) {
            problems.put(field, "a time \"HH:mm\" from 00:00 to 23:59, e.g. \"08:00\" (not \"" + abbreviated(value) + "\")");
            return null;
        }
        return LocalTime.parse(value);
    }

    private int integer(JsonObject body, String name, String field, int current, String range) {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return current;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            long parsed = number.longValue();
            if (parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE) {
                return (int) parsed;
            }
        }
        problems.put(field, "a whole number: " + range);
        return current;
    }

    private boolean bool(JsonObject body, String name, boolean current) {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return current;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        problems.put(name, "true or false");
        return current;
    }

    private String string(JsonObject body, String name, String field) {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        problems.put(field, "a string");
        return null;
    }

    private JsonArray array(JsonObject body, String name, String field, int max, String what) {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            problems.put(field, "a list (JSON array)");
            return null;
        }
        if (array.size() > max) {
            problems.put(field, "at most " + max + " " + what);
            return null;
        }
        return array;
    }

    private static String abbreviated(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }
}
