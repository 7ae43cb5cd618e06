package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.capacity.control.CapacityEngine;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The capacity feature's facade, for the viewer channel, the admin API and the admin pages. Cheap
 * enough for the viewer's hot path: status and activity are answered from this node's snapshot and
 * memory, with no database write per call; only a transition (pause, resume) touches the database.
 * Observe {@code CapacityChanged} to hear of every transition, on every node.
 */
@ApplicationScoped
public class Capacities {

    @Inject
    CapacityEngine engine;

    public CapacityStatus status(String tenantId) {
        return engine.status(tenantId);
    }

    /** Keep-alive everyone, or the user is listed. */
    public boolean mayKeepAwake(String tenantId, String user) {
        return engine.rules().mayKeepAwake(engine.settingsOf(tenantId), user);
    }

    /** On demand: as {@link #mayKeepAwake}. Manual and scheduled: false, an admin resumes those. */
    public boolean mayResume(String tenantId, String user) {
        return engine.rules().mayResume(engine.settingsOf(tenantId), user);
    }

    /**
     * A viewer's activity: counts only when the user may keep the capacity awake; a hello or an
     * interaction of a user who may resume a paused (on-demand) capacity resumes it. Returns the status after.
     */
    public CapacityStatus activity(String tenantId, String user, Activity kind) {
        return engine.activity(tenantId, user, kind);
    }

    /** An admin's resume (or a viewer's {@code {"type":"resume"}} when {@link #mayResume}); a capacity not paused is left as it is. */
    public CapacityStatus resume(String tenantId, String actor) {
        return engine.begin(tenantId, CapacityState.ACTIVE, actor, null);
    }

    /** An admin's pause; a capacity not active is left as it is. */
    public CapacityStatus pause(String tenantId, String actor) {
        return engine.begin(tenantId, CapacityState.PAUSED, actor, null);
    }

    /** Names to show a viewer who may not resume: the keep-alive users of an on-demand capacity; empty otherwise (ask an admin, or wait for opensAt). */
    public List<String> resumableBy(String tenantId) {
        return engine.resumableBy(tenantId);
    }
}
