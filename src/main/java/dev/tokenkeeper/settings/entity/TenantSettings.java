package dev.tokenkeeper.settings.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's settings row. A tenant without a row has {@link ViewerSettings#DEFAULTS} at version 0.
 * The keep-alive users and schedule windows are stored as small JSON arrays: they are always read and
 * written with the row, never queried by their parts.
 */
@Entity
@Table(name = "tenant_settings")
@NamedQuery(name = TenantSettings.WITH_TIMED_REFRESH, query = "SELECT s FROM TenantSettings s WHERE s.timedRefreshMinutes > 0")
@NamedQuery(name = TenantSettings.ALL, query = "SELECT s FROM TenantSettings s")
public class TenantSettings {

    public static final String WITH_TIMED_REFRESH = "TenantSettings.withTimedRefresh";
    public static final String ALL = "TenantSettings.all";
    /** Looked up once: {@code Json.createArrayBuilder()} runs a ServiceLoader scan of the class path per call (see JsonBuilders). */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Id
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "timed_refresh_minutes")
    private int timedRefreshMinutes;
    @Column(name = "embed_token_minutes")
    private int embedTokenMinutes;
    @Column(name = "refresh_on_interaction")
    private boolean refreshOnInteraction;
    @Column(name = "capacity_mode")
    private String capacityMode;
    @Column(name = "auto_pause_minutes")
    private int autoPauseMinutes;
    @Column(name = "keep_alive")
    private String keepAlive;
    @Column(name = "keep_alive_users")
    private String keepAliveUsers;
    @Column(name = "schedule_windows")
    private String scheduleWindows;
    @Column(name = "version")
    private long version;
    @Column(name = "updated_at")
    private long updatedAt;

    protected TenantSettings() {
    }

    public TenantSettings(String tenantId, ViewerSettings settings, Instant now) {
        this.tenantId = tenantId;
        this.version = 0;
        apply(settings, now);
    }

    /** Takes the settings and moves the version on by one. */
    public final void apply(ViewerSettings settings, Instant now) {
        this.timedRefreshMinutes = settings.timedRefreshMinutes();
        this.embedTokenMinutes = settings.embedTokenMinutes();
        this.refreshOnInteraction = settings.refreshOnInteraction();
        CapacitySettings capacity = settings.capacity();
        this.capacityMode = capacity.mode().json();
        this.autoPauseMinutes = capacity.autoPauseMinutes();
        this.keepAlive = capacity.keepAlive().json();
        JsonArrayBuilder users = JSON.createArrayBuilder();
        capacity.keepAliveUsers().forEach(users::add);
        this.keepAliveUsers = users.build().toString();
        JsonArrayBuilder windows = JSON.createArrayBuilder();
        for (ScheduleWindow window : capacity.windows()) {
            JsonArrayBuilder days = JSON.createArrayBuilder();
            window.days().forEach(day -> days.add(ScheduleWindow.dayName(day)));
            windows.add(JSON.createObjectBuilder().add("days", days).add("from", window.from().toString())
                    .add("to", window.to().toString()).add("zone", window.zone().getId()));
        }
        this.scheduleWindows = windows.build().toString();
        this.version++;
        this.updatedAt = now.toEpochMilli();
    }

    public ViewerSettings viewerSettings() {
        List<String> users = new ArrayList<>();
        parse(keepAliveUsers).getValuesAs(JsonString.class).forEach(user -> users.add(user.getString()));
        List<ScheduleWindow> windows = new ArrayList<>();
        for (JsonObject window : parse(scheduleWindows).getValuesAs(JsonObject.class)) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            window.getJsonArray("days").getValuesAs(JsonString.class).forEach(day -> days.add(day(day.getString())));
            windows.add(new ScheduleWindow(days, LocalTime.parse(window.getString("from")), LocalTime.parse(window.getString("to")),
                    ZoneId.of(window.getString("zone"))));
        }
        CapacitySettings capacity = new CapacitySettings(CapacityMode.fromJson(capacityMode).orElse(CapacityMode.MANUAL), autoPauseMinutes,
                KeepAlive.fromJson(keepAlive).orElse(KeepAlive.EVERYONE), users, windows);
        return new ViewerSettings(timedRefreshMinutes, embedTokenMinutes, refreshOnInteraction, capacity);
    }

    public String tenantId() {
        return tenantId;
    }

    public String version() {
        return Long.toString(version);
    }

    private static JsonArray parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json == null || json.isBlank() ? "[]" : json))) {
            return reader.readArray();
        }
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (ScheduleWindow.dayName(day).equals(name)) {
                return day;
            }
        }
        throw new IllegalStateException("Stored day " + name + " is not MON..SUN");
    }
}
