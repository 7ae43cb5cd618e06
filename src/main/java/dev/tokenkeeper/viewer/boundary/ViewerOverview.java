package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.TimedRefreshSchedule;
import dev.tokenkeeper.viewer.control.ViewerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The viewer feature's read facade for other features (the admin pages): a tenant's open viewers on
 * this node and this node's timed-refresh schedule, exactly what {@code GET /api/tenants/{t}/viewers}
 * shows, without going through the JAX-RS resource.
 */
@ApplicationScoped
public class ViewerOverview {

    @Inject
    ViewerRegistry registry;

    @Inject
    TimedRefreshSchedule schedule;

    public ViewersResource.LiveViewers of(String tenantId) {
        List<ViewerView> viewers = registry.of(tenantId).stream().map(ViewerView::of).toList();
        return new ViewersResource.LiveViewers(viewers.size(), viewers, schedule.scheduled(tenantId).orElse(null));
    }
}
