package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.viewer.control.TimedRefreshSchedule;
import dev.tokenkeeper.viewer.control.ViewerRegistry;
import dev.tokenkeeper.viewer.entity.ScheduledRefresh;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/tenants/{tenant}/viewers}: the tenant's open viewers on the node that answers, and
 * that node's timed-refresh schedule. Per node for now: sessions are where their sockets are.
 */
@Path("api/tenants/{tenant}/viewers")
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class ViewersResource {

    @Inject
    Tenants tenants;

    @Inject
    ViewerRegistry registry;

    @Inject
    TimedRefreshSchedule schedule;

    @GET
    @APIResponse(responseCode = "200", description = "This node's viewers of the tenant and its timed-refresh schedule", content = @Content(mediaType = "application/json", schema = @Schema(implementation = LiveViewers.class)))
    public LiveViewers list(@PathParam("tenant") String tenant) {
        String tenantId = tenants.idOf(tenant);
        List<ViewerView> viewers = registry.of(tenantId).stream().map(ViewerView::of).toList();
        return new LiveViewers(viewers.size(), viewers, schedule.scheduled(tenantId).orElse(null));
    }

    public record LiveViewers(int count, List<ViewerView> viewers, ScheduledRefresh timedRefresh) {
    }
}
