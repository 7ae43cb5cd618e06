package dev.tokenkeeper.settings.control;

import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules a tenant's settings must meet, checked on the whole object so that an admin sees every
 * problem at once, one message per field path ({@code capacity.windows[1].to}). Pure: the settings
 * API and the admin page both call it before anything is stored.
 */
public final class SettingsValidator {

    public static final int MAX_KEEP_ALIVE_USERS = 200;
    public static final int MAX_USER_LENGTH = 255;
    public static final int MAX_WINDOWS = 50;

    private SettingsValidator() {
    }

    /** Field path → what is wrong and what to do; empty when the settings may be stored. */
    public static Map<String, String> problems(ViewerSettings settings) {
        Map<String, String> problems = new TreeMap<>();
        if (settings.timedRefreshMinutes() < 0 || settings.timedRefreshMinutes() > 59) {
            problems.put("timedRefreshMinutes", "0 (off) to 59 minutes");
        }
        boolean embedOk = settings.embedTokenMinutes() >= 5 && settings.embedTokenMinutes() <= 60;
        if (!embedOk) {
            problems.put("embedTokenMinutes", "5 to 60 minutes");
        }
        if (embedOk && settings.timedRefreshOn() && !problems.containsKey("timedRefreshMinutes")
                && settings.timedRefreshMinutes() >= settings.embedTokenMinutes()) {
            // a round that comes after the token lapsed can never keep an idle viewer alive
            problems.put("timedRefreshMinutes", "must be shorter than the embed token lifetime (" + settings.embedTokenMinutes()
                    + " min), or an idle viewer's token lapses before the next round: choose at most "
                    + (settings.embedTokenMinutes() - 1) + ", or 0 (off)");
        }
        capacityProblems(settings.capacity(), problems);
        return problems;
    }

    private static void capacityProblems(CapacitySettings capacity, Map<String, String> problems) {
        if (capacity.mode() == null) {
            problems.put("capacity.mode", "one of \"manual\", \"on-demand\", \"scheduled\"");
        }
        if (capacity.autoPauseMinutes() < 5 || capacity.autoPauseMinutes() > 1440) {
            problems.put("capacity.autoPauseMinutes", "5 to 1440 minutes (24 hours)");
        }
        if (capacity.keepAlive() == null) {
            problems.put("capacity.keepAlive", "one of \"everyone\", \"selected\"");
        }
        userProblems(capacity, problems);
        windowProblems(capacity, problems);
    }

    private static void userProblems(CapacitySettings capacity, Map<String, String> problems) {
        List<String> users = capacity.keepAliveUsers();
        if (users.size() > MAX_KEEP_ALIVE_USERS) {
            problems.put("capacity.keepAliveUsers", "at most " + MAX_KEEP_ALIVE_USERS + " users");
            return;
        }
        if (capacity.keepAlive() == KeepAlive.SELECTED && users.isEmpty()) {
            problems.put("capacity.keepAliveUsers", "required when keepAlive is \"selected\": list the users (their sub) whose "
                    + "viewers may keep the capacity on, e.g. the lobby TV's account");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            String field = "capacity.keepAliveUsers[" + i + "]";
            if (user == null || user.isBlank()) {
                problems.put(field, "a user's sub, not empty");
            } else if (user.length() > MAX_USER_LENGTH) {
                problems.put(field, "at most " + MAX_USER_LENGTH + " characters");
            } else if (user.chars().anyMatch(Character::isISOControl)) {
                problems.put(field, "no control characters");
            } else if (!seen.add(user)) {
                problems.put(field, "\"" + user + "\" is listed twice");
            }
        }
    }

    private static void windowProblems(CapacitySettings capacity, Map<String, String> problems) {
        List<ScheduleWindow> windows = capacity.windows();
        if (windows.size() > MAX_WINDOWS) {
            problems.put("capacity.windows", "at most " + MAX_WINDOWS + " windows");
            return;
        }
        if (capacity.mode() == CapacityMode.SCHEDULED && windows.isEmpty()) {
            problems.put("capacity.windows", "a scheduled capacity needs at least one window, e.g. "
                    + "{\"days\": [\"MON\", \"TUE\", \"WED\", \"THU\", \"FRI\"], \"from\": \"08:00\", \"to\": \"18:00\", \"zone\": \"America/Sao_Paulo\"}");
        }
        for (int i = 0; i < windows.size(); i++) {
            ScheduleWindow window = windows.get(i);
            String field = "capacity.windows[" + i + "]";
            if (window == null) {
                problems.put(field, "a window {days, from, to, zone}");
                continue;
            }
            if (window.days().isEmpty()) {
                problems.put(field + ".days", "at least one of \"MON\" .. \"SUN\"");
            }
            if (window.from() == null) {
                problems.put(field + ".from", "a time \"HH:mm\", e.g. \"08:00\"");
            }
            if (window.to() == null) {
                problems.put(field + ".to", "a time \"HH:mm\", e.g. \"18:00\" (earlier than from: ends on the next day)");
            } else if (window.to().equals(window.from())) {
                problems.put(field + ".to", "must differ from \"from\": a window of no time never opens");
            }
            if (window.zone() == null) {
                problems.put(field + ".zone", "an IANA time zone id, e.g. \"America/Sao_Paulo\"");
            }
        }
    }
}
