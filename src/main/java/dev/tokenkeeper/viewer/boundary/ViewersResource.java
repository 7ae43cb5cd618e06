package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
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
 * {@code GET /api/tenants/{tenant}/viewers}: the tenant's open viewers on every node of the cluster,
 * each naming its node, and the timed-refresh schedule ({@link ViewerOverview}).
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
    ViewerOverview overview;

    @GET
    @APIResponse(responseCode = "200", description = "The tenant's viewers on every node, each naming its node (other nodes' as of at most about 2 s ago), the timed-refresh schedule, and the answering node", content = @Content(mediaType = "application/json", schema = @Schema(implementation = LiveViewers.class)))
    public LiveViewers list(@PathParam("tenant") String tenant) {
        return overview.of(tenants.idOf(tenant));
    }

    /** @param answeredBy the node that answered: its own viewers are listed live, the others' as last published */
    public record LiveViewers(int count, List<ViewerView> viewers, ScheduledRefresh timedRefresh, String answeredBy) {
    }
}
