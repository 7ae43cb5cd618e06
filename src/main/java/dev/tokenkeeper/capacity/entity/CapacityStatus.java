package dev.tokenkeeper.capacity.entity;

import dev.tokenkeeper.settings.entity.CapacityMode;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's capacity as every node sees it. Serializable: it crosses nodes in {@link CapacityChanged}.
 *
 * @param tenantId the tenant
 * @param state active, pausing, paused or resuming
 * @param since when it entered that state
 * @param lastActivity the last activity that counted (null: none yet)
 * @param pausesAt on demand: when it pauses if nothing happens; scheduled: the end of the current window (else null)
 * @param opensAt scheduled: when the next window opens, while outside one (else null)
 * @param mode the tenant's capacity mode
 * @param keepAliveEveryone whether every user's viewers keep it awake
 * @param keepAliveUsers the users who do, when not everyone
 * @param driver "simulated" or "azure"
 * @param problem the last driver failure, cleared by the next success (null: none)
 */
public record CapacityStatus(String tenantId, CapacityState state, Instant since, Instant lastActivity, Instant pausesAt, Instant opensAt,
        CapacityMode mode, boolean keepAliveEveryone, List<String> keepAliveUsers, String driver,
        String problem) implements Serializable {

    public CapacityStatus {
        keepAliveUsers = keepAliveUsers == null ? List.of() : List.copyOf(keepAliveUsers);
    }

    /** Reports render only on an active capacity. */
    public boolean serving() {
        return state == CapacityState.ACTIVE;
    }
}
