package dev.tokenkeeper.settings.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsValidatorTest {

    static final ScheduleWindow WORKDAY = new ScheduleWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(18, 0),
            ZoneId.of("America/Sao_Paulo"));

    static ViewerSettings capacity(CapacitySettings capacity) {
        return new ViewerSettings(0, 60, true, capacity);
    }

    @Test
    void defaultsAreValid() {
        assertEquals(Map.of(), SettingsValidator.problems(ViewerSettings.DEFAULTS));
    }

    @Test
    void timedRefreshMustBeShorterThanTheEmbedTokenLifetime() {
        Map<String, String> problems = SettingsValidator.problems(new ViewerSettings(30, 30, true));
        assertEquals(Set.of("timedRefreshMinutes"), problems.keySet());
        assertTrue(problems.get("timedRefreshMinutes").contains("at most 29"), problems.toString());
        assertEquals(Map.of(), SettingsValidator.problems(new ViewerSettings(29, 30, true)));
    }

    @Test
    void rangesAreCheckedFieldByField() {
        Map<String, String> problems = SettingsValidator.problems(new ViewerSettings(60, 4, true,
                new CapacitySettings(CapacityMode.ON_DEMAND, 4, KeepAlive.EVERYONE, List.of(), List.of())));
        assertEquals(Set.of("timedRefreshMinutes", "embedTokenMinutes", "capacity.autoPauseMinutes"), problems.keySet());
        assertTrue(SettingsValidator.problems(capacity(new CapacitySettings(CapacityMode.ON_DEMAND, 1441, KeepAlive.EVERYONE, List.of(),
                List.of()))).containsKey("capacity.autoPauseMinutes"));
    }

    @Test
    void keepAliveSelectedNeedsUsers() {
        Map<String, String> problems = SettingsValidator.problems(capacity(
                new CapacitySettings(CapacityMode.ON_DEMAND, 30, KeepAlive.SELECTED, List.of(), List.of())));
        assertEquals(Set.of("capacity.keepAliveUsers"), problems.keySet());
    }

    @Test
    void usersMustBeNamedOnceWithinLimits() {
        Map<String, String> problems = SettingsValidator.problems(capacity(new CapacitySettings(CapacityMode.ON_DEMAND, 30, KeepAlive.SELECTED,
                List.of("tv", " ", "tv", "x".repeat(256), "a\nb"), List.of())));
        assertEquals(Set.of("capacity.keepAliveUsers[1]", "capacity.keepAliveUsers[2]", "capacity.keepAliveUsers[3]",
                "capacity.keepAliveUsers[4]"), problems.keySet());
        assertEquals(Set.of("capacity.keepAliveUsers"), SettingsValidator.problems(capacity(new CapacitySettings(CapacityMode.ON_DEMAND, 30,
                KeepAlive.SELECTED, Collections.nCopies(201, "tv"), List.of()))).keySet());
    }

    @Test
    void scheduledNeedsWindowsAndEachWindowItsParts() {
        assertEquals(Set.of("capacity.windows"), SettingsValidator.problems(capacity(
                new CapacitySettings(CapacityMode.SCHEDULED, 30, KeepAlive.EVERYONE, List.of(), List.of()))).keySet());
        ScheduleWindow empty = new ScheduleWindow(Set.of(), LocalTime.of(8, 0), LocalTime.of(8, 0), null);
        Map<String, String> problems = SettingsValidator.problems(capacity(
                new CapacitySettings(CapacityMode.SCHEDULED, 30, KeepAlive.EVERYONE, List.of(), List.of(WORKDAY, empty))));
        assertEquals(Set.of("capacity.windows[1].days", "capacity.windows[1].to", "capacity.windows[1].zone"), problems.keySet());
        assertEquals(Set.of("capacity.windows"), SettingsValidator.problems(capacity(new CapacitySettings(CapacityMode.SCHEDULED, 30,
                KeepAlive.EVERYONE, List.of(), Collections.nCopies(51, WORKDAY)))).keySet());
    }

    @Test
    void anOvernightWindowIsValid() {
        ScheduleWindow overnight = new ScheduleWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), ZoneId.of("Europe/Berlin"));
        assertEquals(Map.of(), SettingsValidator.problems(capacity(
                new CapacitySettings(CapacityMode.SCHEDULED, 30, KeepAlive.EVERYONE, List.of(), List.of(overnight)))));
    }
}
