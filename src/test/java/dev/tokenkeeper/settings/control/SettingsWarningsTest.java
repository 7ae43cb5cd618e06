package dev.tokenkeeper.settings.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsWarningsTest {

    @Test
    void defaultsWarnOfNothing() {
        assertEquals(List.of(), SettingsWarnings.of(ViewerSettings.DEFAULTS));
    }

    @Test
    void timedRefreshWarnsThatItKeepsTheCapacityAwake() {
        List<String> warnings = SettingsWarnings.of(new ViewerSettings(10, 60, true));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("awake"), warnings.get(0));
    }

    @Test
    void timedRefreshNotShorterThanTheTokenLifetimeWarnsOfLapses() {
        List<String> warnings = SettingsWarnings.of(new ViewerSettings(30, 30, true));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).contains("ClientError_TokenExpired"), warnings.get(1));
    }

    @Test
    void noRefreshAtAllWarnsThatEveryTokenLapses() {
        List<String> warnings = SettingsWarnings.of(new ViewerSettings(0, 45, false));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("45 min"), warnings.get(0));
    }
}
