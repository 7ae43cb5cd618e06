package dev.tokenkeeper.capacity.entity;

import java.util.Locale;

/** Where a capacity is. PAUSING and RESUMING are the driver's work in progress (seconds when simulated, minutes on Azure). JSON: lower case. */
public enum CapacityState {
    ACTIVE, PAUSING, PAUSED, RESUMING;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean transitional() {
        return this == PAUSING || this == RESUMING;
    }
}
