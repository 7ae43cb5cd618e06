package dev.tokenkeeper.settings.boundary;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Body of {@code PUT /api/tenants/{tenant}/settings}: fields left out keep their current value. */
public class SettingsUpdate {

    @Min(value = 0, message = "0 (off) to 59 minutes")
    @Max(value = 59, message = "0 (off) to 59 minutes")
    public Integer timedRefreshMinutes;

    @Min(value = 5, message = "5 to 60 minutes")
    @Max(value = 60, message = "5 to 60 minutes")
    public Integer embedTokenMinutes;

    public Boolean refreshOnInteraction;

    /** Accepted only to refuse it clearly: capacity settings are a later feature, and silently dropping them would lose an admin's input. */
    public JsonValue capacity;

    @AssertTrue(message = "capacity settings are not available yet: send timedRefreshMinutes, embedTokenMinutes and refreshOnInteraction only")
    public boolean isWithoutCapacity() {
        return capacity == null || capacity == JsonValue.NULL;
    }
}
