package dev.tokenkeeper.settings.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsWarningsTest {

    static ViewerSettings with(int timedRefreshMinutes, CapacityMode mode, KeepAlive keepAlive) {
        return new ViewerSettings(timedRefreshMinutes, 60, true,
                new CapacitySettings(mode, 30, keepAlive, keepAlive == KeepAlive.SELECTED ? List.of("lobby-tv") : List.of(), List.of()));
    }

    @Test
    void defaultsWarnOfNothing() {
        assertEquals(List.of(), SettingsWarnings.of(ViewerSettings.DEFAULTS));
    }

    @Test
    void timedRefreshWithAnOnDemandCapacityKeptAwakeByEveryoneWarnsAndProposesSelectedUsers() {
        List<String> warnings = SettingsWarnings.of(with(10, CapacityMode.ON_DEMAND, KeepAlive.EVERYONE));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("awake"), warnings.get(0));
        assertTrue(warnings.get(0).contains("selected users"), warnings.get(0));
    }

    @Test
    void theConflictWarningAppearsExactlyWhenTheConflictExists() {
        assertEquals(List.of(), SettingsWarnings.of(with(10, CapacityMode.ON_DEMAND, KeepAlive.SELECTED)), "selected users let it pause");
        assertEquals(List.of(), SettingsWarnings.of(with(10, CapacityMode.MANUAL, KeepAlive.EVERYONE)), "manual never pauses by itself");
        assertEquals(List.of(), SettingsWarnings.of(with(10, CapacityMode.SCHEDULED, KeepAlive.EVERYONE)), "scheduled ignores activity");
        assertEquals(List.of(), SettingsWarnings.of(with(0, CapacityMode.ON_DEMAND, KeepAlive.EVERYONE)), "no timed refresh");
    }

    @Test
    void storedTimedRefreshNotShorterThanTheTokenLifetimeStillWarnsOfLapses() {
        List<String> warnings = SettingsWarnings.of(new ViewerSettings(30, 30, true));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("ClientError_TokenExpired"), warnings.get(0));
    }

    @Test
    void noRefreshAtAllWarnsThatEveryTokenLapses() {
        List<String> warnings = SettingsWarnings.of(new ViewerSettings(0, 45, false));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("45 min"), warnings.get(0));
    }
}
