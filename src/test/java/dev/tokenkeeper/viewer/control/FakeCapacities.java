package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.capacity.boundary.Capacities;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.settings.entity.CapacityMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capacity facade as the viewer channel sees it, in memory: one state per tenant, who may resume,
 * and a record of every call. Follows the contract's rules that matter here: HELLO or INTERACTION from
 * a user who may resume a paused on-demand capacity resumes it; resume goes to {@link #resumeTo}.
 */
class FakeCapacities extends Capacities {

    record Call(String tenantId, String user, Activity kind) {
    }

    final Clock clock;
    final Map<String, CapacityState> states = new HashMap<>();
    final Map<String, CapacityMode> modes = new HashMap<>();
    final Map<String, Instant> opensAt = new HashMap<>();
    final Map<String, Instant> since = new HashMap<>();
    final Set<String> mayResume = new HashSet<>();
    final List<Call> activity = new ArrayList<>();
    final List<String> resumes = new ArrayList<>();
    CapacityState resumeTo = CapacityState.ACTIVE;
    RuntimeException failResume;

    FakeCapacities(Clock clock) {
        this.clock = clock;
    }

    /** Sets the state (as a committed transition would) and returns the status an event would carry. */
    CapacityStatus set(String tenantId, CapacityState state) {
        states.put(tenantId, state);
        since.put(tenantId, clock.instant());
        return status(tenantId);
    }

    @Override
    public CapacityStatus status(String tenantId) {
        CapacityMode mode = modes.getOrDefault(tenantId, CapacityMode.ON_DEMAND);
        return new CapacityStatus(tenantId, states.getOrDefault(tenantId, CapacityState.ACTIVE), since.getOrDefault(tenantId, Instant.EPOCH),
                null, null, opensAt.get(tenantId), mode, false, List.copyOf(mayResume), "simulated", null);
    }

    @Override
    public boolean mayKeepAwake(String tenantId, String user) {
        return mayResume.contains(user);
    }

    @Override
    public boolean mayResume(String tenantId, String user) {
        return modes.getOrDefault(tenantId, CapacityMode.ON_DEMAND) == CapacityMode.ON_DEMAND && mayResume.contains(user);
    }

    @Override
    public CapacityStatus activity(String tenantId, String user, Activity kind) {
        activity.add(new Call(tenantId, user, kind));
        if (kind != Activity.TIMED_REFRESH && !status(tenantId).serving() && mayResume(tenantId, user)) {
            return set(tenantId, resumeTo);
        }
        return status(tenantId);
    }

    @Override
    public CapacityStatus resume(String tenantId, String actor) {
        if (failResume != null) {
            throw failResume;
        }
        resumes.add(actor);
        return set(tenantId, resumeTo);
    }

    @Override
    public CapacityStatus pause(String tenantId, String actor) {
        return set(tenantId, CapacityState.PAUSED);
    }

    @Override
    public List<String> resumableBy(String tenantId) {
        return mayResume.stream().sorted().toList();
    }
}
