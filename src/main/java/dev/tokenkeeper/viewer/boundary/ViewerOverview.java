package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ClusterViewers;
import dev.tokenkeeper.viewer.control.TimedRefreshSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The viewer feature's read facade: a tenant's open viewers on every node of the cluster, each
 * naming its node, and the answering node's timed-refresh schedule (the same on every node: rounds
 * are aligned). What {@code GET /api/tenants/{t}/viewers} and the admin page show.
 */
@ApplicationScoped
public class ViewerOverview {

    @Inject
    ClusterViewers viewers;

    @Inject
    TimedRefreshSchedule schedule;

    public ViewersResource.LiveViewers of(String tenantId) {
        List<ViewerView> all = viewers.of(tenantId).stream().map(ViewerView::of).toList();
        return new ViewersResource.LiveViewers(all.size(), all, schedule.scheduled(tenantId).orElse(null), viewers.nodeName());
    }
}
