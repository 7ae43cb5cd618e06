package dev.tokenkeeper.tenant.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

@Path("api/tenants/{tenant}/apps")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class AppsResource {

    @Inject
    Tenants tenants;

    @POST
    @APIResponse(responseCode = "201", description = "Created; Location names it; the client secret is shown this once")
    public Response create(@PathParam("tenant") String tenant, @NotNull(message = "send the app as JSON") @Valid NewApp input) {
        AppView created = tenants.createApp(tenant, input);
        return Response.created(UriBuilder.fromPath("api/tenants/{tenant}/apps/{clientId}").build(tenant, created.clientId()))
                .header("Cache-Control", "no-store")
                .entity(created).build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "The tenant's apps", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = AppView.class)))
    public List<AppView> list(@PathParam("tenant") String tenant) {
        return tenants.apps(tenant);
    }

    @GET
    @Path("{clientId}")
    @APIResponse(responseCode = "200", description = "The app", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AppView.class)))
    public AppView get(@PathParam("tenant") String tenant, @PathParam("clientId") String clientId) {
        return tenants.app(tenant, clientId);
    }

    @POST
    @Path("{clientId}/secret")
    @APIResponse(responseCode = "200", description = "The new secret, shown this once (the old one stops working at once)")
    public Response rotateSecret(@PathParam("tenant") String tenant, @PathParam("clientId") String clientId) {
        return Response.ok(tenants.rotateSecret(tenant, clientId)).header("Cache-Control", "no-store").build();
    }

    @PATCH
    @Path("{clientId}")
    @APIResponse(responseCode = "200", description = "The app after the change", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AppView.class)))
    public AppView change(@PathParam("tenant") String tenant, @PathParam("clientId") String clientId,
            @NotNull(message = "send the changes as JSON") @Valid AppChanges changes) {
        return tenants.change(tenant, clientId, changes);
    }
}
