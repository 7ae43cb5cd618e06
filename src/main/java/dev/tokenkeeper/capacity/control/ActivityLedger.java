package dev.tokenkeeper.capacity.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each node's last activity per tenant, in memory, written to the capacity row by the evaluator
 * (at most once per tenant per evaluation, every ~15 s), never by the viewer's hello or interaction
 * itself. Why not Payara's cluster-wide JCache: the database row must hold the activity anyway (it
 * survives a whole-cluster restart and is what the pause decision reads), one coalesced update per
 * node every 15 s costs next to nothing, and a JCache put per hello would be a network round trip
 * on the viewer's hot path. The price: another node's activity of the last ~15 s may be missed by a
 * pause decision, a small error against an idle time of at least 5 minutes; and a viewer allowed
 * to resume gets the capacity back by opening or touching the report.
 */
@ApplicationScoped
public class ActivityLedger {

    private final Map<String, Instant> unwritten = new ConcurrentHashMap<>();

    public void record(String tenantId, Instant at) {
        unwritten.merge(tenantId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Activity of this node not yet written, without removing it. */
    public Instant unwritten(String tenantId) {
        return unwritten.get(tenantId);
    }

    /** Takes what is to be written; the caller writes it (and puts it back with {@link #record} if that fails). */
    public Map<String, Instant> drain() {
        Map<String, Instant> taken = new java.util.HashMap<>();
        for (String tenantId : unwritten.keySet()) {
            Instant at = unwritten.remove(tenantId);
            if (at != null) {
                taken.put(tenantId, at);
            }
        }
        return taken;
    }
}
