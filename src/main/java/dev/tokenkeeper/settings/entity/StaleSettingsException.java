package dev.tokenkeeper.settings.entity;

/** An {@code If-Match} naming a version that is no longer current (someone else saved in between): 412, nothing stored. */
public class StaleSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String currentVersion;

    public StaleSettingsException(String expectedVersion, String currentVersion) {
        super("The settings changed since version " + expectedVersion + " (now " + currentVersion
                + "): GET them again, re-apply your change and PUT with the new ETag", null, false, false);
        this.currentVersion = currentVersion;
    }

    public String currentVersion() {
        return currentVersion;
    }
}
