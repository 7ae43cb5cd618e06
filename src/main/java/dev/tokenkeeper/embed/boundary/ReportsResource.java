package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/tenants/{tenant}/reports")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class ReportsResource {

    @Inject
    Reports reports;

    @POST
    @APIResponse(responseCode = "201", description = "Registered; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportView.class)))
    public Response register(@PathParam("tenant") String tenant, @NotNull(message = "send the report as JSON") @Valid NewReport input) {
        ReportView created = reports.register(tenant, input);
        return Response.created(UriBuilder.fromPath("api/tenants/{tenant}/reports/{id}").build(tenant, created.id()))
                .entity(created).build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "The tenant's reports", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = ReportView.class)))
    public List<ReportView> list(@PathParam("tenant") String tenant) {
        return reports.list(tenant);
    }

    @GET
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportView.class)))
    public ReportView get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return reports.get(tenant, id);
    }
}
