package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.capacity.entity.CapacityStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/tenants/{tenant}/capacity}. Times are ISO-8601 UTC; {@code lastActivity},
 * {@code pausesAt}, {@code opensAt} and {@code problem} are null when they do not apply.
 */
@JsonbPropertyOrder({"state", "since", "lastActivity", "pausesAt", "opensAt", "mode", "keepAlive", "keepAliveUsers", "driver", "problem"})
public record CapacityView(String state, String since, String lastActivity, String pausesAt, String opensAt, String mode, String keepAlive,
        List<String> keepAliveUsers, String driver, String problem) {

    static CapacityView of(CapacityStatus status) {
        return new CapacityView(status.state().json(), iso(status.since()), iso(status.lastActivity()), iso(status.pausesAt()),
                iso(status.opensAt()), status.mode().json(), status.keepAliveEveryone() ? "everyone" : "selected", status.keepAliveUsers(),
                status.driver(), status.problem());
    }

    private static String iso(Instant at) {
        return at == null ? null : at.toString();
    }
}
