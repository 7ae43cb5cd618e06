package dev.tokenkeeper.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The settings validator names fields by their JSON path; the page shows each message beside its input. */
class SettingsPageFieldsTest {

    @Test
    void topLevelAndCapacityFieldsMapToTheirInputs() {
        assertEquals("settings:timed", SettingsPage.clientIdOf("timedRefreshMinutes"));
        assertEquals("settings:embed", SettingsPage.clientIdOf("embedTokenMinutes"));
        assertEquals("settings:autoPause", SettingsPage.clientIdOf("capacity.autoPauseMinutes"));
        assertEquals("settings:mode", SettingsPage.clientIdOf("capacity.mode"));
        assertEquals("settings:addWindow", SettingsPage.clientIdOf("capacity.windows"));
    }

    @Test
    void listedUsersMapToTheUserPicker() {
        assertEquals("settings:keepAliveUsers", SettingsPage.clientIdOf("capacity.keepAliveUsers"));
        assertEquals("settings:keepAliveUsers", SettingsPage.clientIdOf("capacity.keepAliveUsers[3]"));
    }

    @Test
    void windowFieldsMapToTheirRow() {
        assertEquals("settings:windows:2:zone", SettingsPage.clientIdOf("capacity.windows[2].zone"));
        assertEquals("settings:windows:0:from", SettingsPage.clientIdOf("capacity.windows[0].from"));
        assertEquals("settings:windows:1:zone", SettingsPage.clientIdOf("capacity.windows[1]"));
    }

    @Test
    void unknownFieldsGoToTheTopOfThePage() {
        assertNull(SettingsPage.clientIdOf("somethingNew"));
    }

    @Test
    void oneTranslationServesEveryRow() {
        assertEquals("settings.invalid.capacity.windows.zone", SettingsPage.messageKey("capacity.windows[7].zone"));
        assertEquals("settings.invalid.timedRefreshMinutes", SettingsPage.messageKey("timedRefreshMinutes"));
    }
}
