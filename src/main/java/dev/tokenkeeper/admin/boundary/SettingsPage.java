package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.capacity.boundary.Capacities;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.control.SettingsWarnings;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.InvalidSettingsException;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.StaleSettingsException;
import dev.tokenkeeper.settings.entity.VersionedSettings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.viewer.boundary.ViewerOverview;
import dev.tokenkeeper.viewer.entity.ScheduledRefresh;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's settings: timed refresh, embed-token lifetime, refresh on interaction, and the
 * capacity (mode, auto-pause, who keeps it awake, schedule windows); the capacity's live state with
 * Resume / Pause, and the next timed-refresh rounds. The auto-pause notice is computed from the
 * fields as they are, before saving (Ajax), by the settings feature's own rule; the save carries the
 * version the page was read at, so a save over someone else's change is refused, not lost.
 */
@Named
@ViewScoped
public class SettingsPage extends TenantPage {

    private static final long serialVersionUID = 1L;
    static final int KNOWN_USERS = 200;
    static final int TIMELINE_ROUNDS = 5;
    private static final Pattern WINDOW_FIELD = Pattern.compile("capacity\\.windows\\[(\\d+)\\](?:\\.(\\w+))?");
    private static final Pattern USER_FIELD = Pattern.compile("capacity\\.keepAliveUsers(\\[\\d+\\])?");
    private static final Map<String, String> FIELDS = Map.of("timedRefreshMinutes", "settings:timed",
            "embedTokenMinutes", "settings:embed", "refreshOnInteraction", "settings:interaction", "capacity.mode", "settings:mode",
            "capacity.autoPauseMinutes", "settings:autoPause", "capacity.keepAlive", "settings:keepAlive",
            "capacity.windows", "settings:addWindow");

    @Inject
    Tenants tenants;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    Capacities capacities;

    @Inject
    SignedInUsers signedInUsers;

    @Inject
    ViewerOverview viewers;

    private String tenantId;
    private String version;
    private Integer timedRefreshMinutes;
    private Integer embedTokenMinutes;
    private boolean refreshOnInteraction;
    private String mode;
    private Integer autoPauseMinutes;
    private String keepAlive;
    private List<String> keepAliveUsers = new ArrayList<>();
    private String otherUsers;
    private List<WindowRow> windows = new ArrayList<>();
    private List<String> knownUsers = List.of();
    private CapacityStatus status;
    private ScheduledRefresh timedRefresh;

    /** One schedule window as the form edits it: text until saved, so a half-typed time is not lost. */
    public static class WindowRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private List<String> days = new ArrayList<>(List.of("MON", "TUE", "WED", "THU", "FRI"));
        private String from = "08:00";
        private String to = "18:00";
        private String zone = "America/Sao_Paulo";

        public List<String> getDays() { return days; }
        public void setDays(List<String> days) { this.days = days == null ? new ArrayList<>() : new ArrayList<>(days); }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public String getTo() { return to; }
        public void setTo(String to) { this.to = to; }
        public String getZone() { return zone; }
        public void setZone(String zone) { this.zone = zone; }
    }

    @Override
    protected void refresh() {
        tenantId = tenants.idOf(getTenant());
        show(settings.currentVersioned(tenantId));
        knownUsers = signedInUsers.knownSubjects(tenantId, KNOWN_USERS);
        live();
    }

    private void show(VersionedSettings current) {
        ViewerSettings s = current.settings();
        version = current.version();
        timedRefreshMinutes = s.timedRefreshMinutes();
        embedTokenMinutes = s.embedTokenMinutes();
        refreshOnInteraction = s.refreshOnInteraction();
        CapacitySettings c = s.capacity();
        mode = c.mode().json();
        autoPauseMinutes = c.autoPauseMinutes();
        keepAlive = c.keepAlive().name().toLowerCase(Locale.ROOT);
        keepAliveUsers = new ArrayList<>(c.keepAliveUsers());
        otherUsers = null;
        windows = new ArrayList<>();
        for (ScheduleWindow w : c.windows()) {
            WindowRow row = new WindowRow();
            row.setDays(w.days().stream().map(ScheduleWindow::dayName).toList());
            row.setFrom(w.from() == null ? null : w.from().toString());
            row.setTo(w.to() == null ? null : w.to().toString());
            row.setZone(w.zone() == null ? null : w.zone().getId());
            windows.add(row);
        }
    }

    /** The capacity's state and this node's timed-refresh schedule, again: the page polls this. */
    public void live() {
        status = capacities.status(tenantId);
        timedRefresh = viewers.of(tenantId).timedRefresh();
    }

    public void poll() {
        tenant();
        live();
    }

    /** The settings as the fields stand now, saved or not. Unparsable values become ones the validator names. */
    ViewerSettings fromFields() {
        CapacityMode capacityMode = CapacityMode.fromJson(mode).orElse(null);
        KeepAlive who = "selected".equals(keepAlive) ? KeepAlive.SELECTED : "everyone".equals(keepAlive) ? KeepAlive.EVERYONE : null;
        List<ScheduleWindow> schedule = new ArrayList<>();
        for (WindowRow row : windows) {
            schedule.add(new ScheduleWindow(days(row.getDays()), time(row.getFrom()), time(row.getTo()), zone(row.getZone())));
        }
        return new ViewerSettings(orInvalid(timedRefreshMinutes), orInvalid(embedTokenMinutes), refreshOnInteraction,
                new CapacitySettings(capacityMode, orInvalid(autoPauseMinutes), who, users(), schedule));
    }

    /** The red notice: exactly when the settings feature's rule sees the timed-refresh / auto-pause conflict. */
    public boolean isAutoPauseConflict() {
        return SettingsWarnings.autoPauseConflict(fromFields());
    }

    public String getTimedRefreshShown() {
        return timedRefreshMinutes == null ? "?" : String.valueOf(timedRefreshMinutes);
    }

    public void save() {
        try {
            VersionedSettings saved = settings.change(tenants.idOf(tenant()), fromFields(), version, "admin:" + session.getUsername());
            show(saved);
            live();
            Pages.info(Pages.text("settings.saved"));
        } catch (InvalidSettingsException invalid) {
            invalid.fields().forEach((field, message) -> Pages.error(clientIdOf(field), Pages.textOr(messageKey(field), message)));
        } catch (StaleSettingsException stale) {
            Pages.error(null, Pages.text("settings.stale"));
        }
    }

    /** After a stale save: read what is stored now, discarding this page's edits. */
    public void reload() {
        tenant();
        refresh();
        Pages.info(Pages.text("settings.reloaded"));
    }

    public void addWindow() {
        windows.add(new WindowRow());
    }

    public void removeWindow(WindowRow row) {
        windows.remove(row);
    }

    public void resume() {
        status = capacities.resume(tenants.idOf(tenant()), "admin:" + session.getUsername());
    }

    public void pause() {
        status = capacities.pause(tenants.idOf(tenant()), "admin:" + session.getUsername());
    }

    /** The next rounds of timed refresh on this node, for the timeline. */
    public List<Instant> getNextRounds() {
        if (timedRefresh == null || timedRefresh.nextRoundAt() == null || timedRefresh.everyMinutes() <= 0) {
            return List.of();
        }
        List<Instant> rounds = new ArrayList<>();
        for (int i = 0; i < TIMELINE_ROUNDS; i++) {
            rounds.add(timedRefresh.nextRoundAt().plusSeconds(60L * timedRefresh.everyMinutes() * i));
        }
        return rounds;
    }

    /** Known users (signed in at least once) and those already listed, in order, each once. */
    public List<String> getUserChoices() {
        TreeSet<String> choices = new TreeSet<>(knownUsers);
        choices.addAll(keepAliveUsers);
        return List.copyOf(choices);
    }

    public List<String> getDayNames() {
        return Arrays.stream(DayOfWeek.values()).map(ScheduleWindow::dayName).toList();
    }

    static String clientIdOf(String field) {
        Matcher window = WINDOW_FIELD.matcher(field);
        if (window.matches()) {
            return "settings:windows:" + window.group(1) + ":" + (window.group(2) == null ? "zone" : window.group(2));
        }
        if (USER_FIELD.matcher(field).matches()) {
            return "settings:keepAliveUsers";
        }
        return FIELDS.get(field);
    }

    /** "capacity.windows[2].zone" → "settings.invalid.capacity.windows.zone": one translation for every row. */
    static String messageKey(String field) {
        return "settings.invalid." + field.replaceAll("\\[\\d+\\]", "");
    }

    private List<String> users() {
        LinkedHashSet<String> all = new LinkedHashSet<>(keepAliveUsers);
        if (otherUsers != null) {
            Arrays.stream(otherUsers.split("[,\\n]")).map(String::trim).filter(u -> !u.isEmpty()).forEach(all::add);
        }
        return List.copyOf(all);
    }

    private static int orInvalid(Integer value) {
        return value == null ? -1 : value;
    }

    private static Set<DayOfWeek> days(List<String> names) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names == null ? List.<String>of() : names) {
            Arrays.stream(DayOfWeek.values()).filter(d -> ScheduleWindow.dayName(d).equals(name)).forEach(days::add);
        }
        return days;
    }

    private static LocalTime time(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalTime.parse(text.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneId zone(String text) {
        try {
            return text == null || text.isBlank() ? null : ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    public CapacityStatus getStatus() { return status; }
    public String getVersion() { return version; }
    public Integer getTimedRefreshMinutes() { return timedRefreshMinutes; }
    public void setTimedRefreshMinutes(Integer v) { this.timedRefreshMinutes = v; }
    public Integer getEmbedTokenMinutes() { return embedTokenMinutes; }
    public void setEmbedTokenMinutes(Integer v) { this.embedTokenMinutes = v; }
    public boolean isRefreshOnInteraction() { return refreshOnInteraction; }
    public void setRefreshOnInteraction(boolean v) { this.refreshOnInteraction = v; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public Integer getAutoPauseMinutes() { return autoPauseMinutes; }
    public void setAutoPauseMinutes(Integer v) { this.autoPauseMinutes = v; }
    public String getKeepAlive() { return keepAlive; }
    public void setKeepAlive(String keepAlive) { this.keepAlive = keepAlive; }
    public List<String> getKeepAliveUsers() { return keepAliveUsers; }
    public void setKeepAliveUsers(List<String> users) { this.keepAliveUsers = users == null ? new ArrayList<>() : new ArrayList<>(users); }
    public String getOtherUsers() { return otherUsers; }
    public void setOtherUsers(String otherUsers) { this.otherUsers = otherUsers; }
    public List<WindowRow> getWindows() { return windows; }
}
