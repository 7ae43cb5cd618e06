package dev.tokenkeeper.settings.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.InvalidSettingsException;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    static final ViewerSettings CURRENT = new ViewerSettings(10, 30, false, new CapacitySettings(CapacityMode.ON_DEMAND, 45, KeepAlive.SELECTED,
            List.of("lobby-tv"), List.of()));

    static ViewerSettings read(String json) {
        return SettingsReader.read(JsonBuilders.parseObject(json), CURRENT);
    }

    @Test
    void fieldsLeftOutKeepTheirValueInsideCapacityToo() {
        ViewerSettings next = read("{\"embedTokenMinutes\":40,\"capacity\":{\"autoPauseMinutes\":60},\"warnings\":[\"ignored\"]}");
        assertEquals(new ViewerSettings(10, 40, false, new CapacitySettings(CapacityMode.ON_DEMAND, 60, KeepAlive.SELECTED, List.of("lobby-tv"),
                List.of())), next);
        assertEquals(CURRENT, read("{\"capacity\":null,\"timedRefreshMinutes\":null}"), "null is left out");
    }

    @Test
    void windowsAreReadInTheirZone() {
        ViewerSettings next = read("{\"capacity\":{\"mode\":\"scheduled\",\"windows\":[{\"days\":[\"SAT\",\"SUN\"],\"from\":\"22:00\",\"to\":\"06:00\","
                + "\"zone\":\"America/Sao_Paulo\"}]}}");
        assertEquals(List.of(new ScheduleWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(22, 0), LocalTime.of(6, 0),
                ZoneId.of("America/Sao_Paulo"))), next.capacity().windows());
    }

    @Test
    void everyProblemOfShapeAndRuleIsNamedAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> read("{\"timedRefreshMinutes\":30,\"refreshOnInteraction\":1,"
                + "\"capacity\":{\"mode\":\"always\",\"keepAliveUsers\":[7],\"windows\":[{\"days\":[\"Mon\"],\"from\":\"7:00\",\"to\":\"25:00\","
                + "\"zone\":\"+03:00\"}]}}"));
        assertEquals(Set.of("timedRefreshMinutes", "refreshOnInteraction", "capacity.mode", "capacity.keepAliveUsers[0]",
                "capacity.windows[0].days", "capacity.windows[0].from", "capacity.windows[0].to", "capacity.windows[0].zone"),
                e.fields().keySet());
    }

    @Test
    void aNonIntegralNumberIsRefused() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> read("{\"capacity\":{\"autoPauseMinutes\":30.5}}"));
        assertEquals(Set.of("capacity.autoPauseMinutes"), e.fields().keySet());
    }
}
