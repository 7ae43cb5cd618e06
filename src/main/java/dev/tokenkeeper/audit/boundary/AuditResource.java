package dev.tokenkeeper.audit.boundary;

import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/tenants/{tenant}/audit}: the newest events first. */
@Path("api/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class AuditResource {

    @Inject
    AuditLog audit;

    @Inject
    Tenants tenants;

    @JsonbNillable(false)
    public record EventView(String id, Instant at, String type, String clientId, String subject, String familyId,
            String tokenHash, String detail) {
        static EventView of(AuditEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.type().name(), e.clientId(), e.subject(), e.familyId(), e.tokenHash(), e.detail());
        }
    }

    @GET
    @Transactional
    @APIResponse(responseCode = "200", description = "The newest events first", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = EventView.class)))
    public List<EventView> latest(@PathParam("tenant") String tenant,
            @QueryParam("limit") @DefaultValue("100") @AuditPageLimit
            @Parameter(description = "How many events, newest first", schema = @Schema(minimum = "1", maximum = "1000")) int limit) {
        return audit.latest(tenants.idOf(tenant), limit).stream().map(EventView::of).toList();
    }
}
