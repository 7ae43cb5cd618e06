package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.viewer.entity.ViewerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The viewer sessions open on this node, by id and by tenant. Sessions are node-local by nature (a
 * socket lives on one node); everything a session needs from elsewhere is in the database or the
 * shared token cache. Lock-free, so a slow socket never holds up a lookup or a round.
 */
@ApplicationScoped
public class ViewerRegistry {

    private final Map<String, ViewerSession> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<ViewerSession>> byTenant = new ConcurrentHashMap<>();

    /** Counts nothing until CDI injects the real one (unit tests build this class with new). */
    @Inject
    ViewerMetrics metrics = new ViewerMetrics();

    void opened(ViewerSession session) {
        byId.put(session.id(), session);
    }

    void joined(ViewerSession session) {
        byTenant.computeIfAbsent(session.tenantId(), tenant -> ConcurrentHashMap.newKeySet()).add(session);
        metrics.tenantJoined(session.tenantId(), session.tenantSlug(), this::countOf);
    }

    /** @return true when this call removed it (so the caller is the one who closes it) */
    boolean remove(ViewerSession session) {
        if (byId.remove(session.id(), session)) {
            if (session.tenantId() != null) {
                Set<ViewerSession> ofTenant = byTenant.get(session.tenantId());
                if (ofTenant != null) {
                    ofTenant.remove(session);
                }
            }
            return true;
        }
        return false;
    }

    Collection<ViewerSession> all() {
        return byId.values();
    }

    /** The tenant's viewers that hold a token, in a stable order so a spread round is repeatable. */
    public List<ViewerSession> liveOf(String tenantId) {
        return byTenant.getOrDefault(tenantId, Set.of()).stream()
                .filter(session -> session.state() == ViewerState.LIVE)
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** Every session of the tenant that said hello, lapsed ones included: what an admin sees. */
    public List<ViewerSession> of(String tenantId) {
        return byTenant.getOrDefault(tenantId, Set.of()).stream()
                .sorted((a, b) -> a.openedAt().compareTo(b.openedAt()))
                .toList();
    }

    /** The tenants with at least one session on this node. */
    public Set<String> tenants() {
        Set<String> tenants = new java.util.HashSet<>();
        byTenant.forEach((tenantId, sessions) -> {
            if (!sessions.isEmpty()) {
                tenants.add(tenantId);
            }
        });
        return tenants;
    }

    /** The tenant's sessions on this node, lapsed ones included. */
    public int countOf(String tenantId) {
        return byTenant.getOrDefault(tenantId, Set.of()).size();
    }

    public int size() {
        return byId.size();
    }
}
