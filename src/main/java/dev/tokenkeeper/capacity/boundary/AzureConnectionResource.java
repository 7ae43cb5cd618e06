package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.BearerTokenFilter;
import dev.tokenkeeper.token.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET|PUT|DELETE /api/tenants/{tenant}/capacity/azure}: the Power BI Embedded capacity in
 * Azure that this tenant's capacity stands for, and the service principal that may suspend and
 * resume it. While one is set, the capacity's driver is {@code azure}.
 */
@Path("api/tenants/{tenant}/capacity/azure")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class AzureConnectionResource {

    @Inject
    AzureConnections connections;

    @Inject
    Tenants tenants;

    /** The caller whose bearer token {@link BearerTokenFilter} verified. */
    @Context
    SecurityContext security;

    @GET
    @APIResponse(responseCode = "200", description = "The connection (the secret never shown)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AzureConnectionView.class)))
    public AzureConnectionView get(@PathParam("tenant") String tenant) {
        return connections.get(tenants.idOf(tenant), tenant);
    }

    @PUT
    @APIResponse(responseCode = "200", description = "The connection after the change", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AzureConnectionView.class)))
    public AzureConnectionView put(@PathParam("tenant") String tenant,
            @NotNull(message = "send the connection as JSON") @Valid AzureConnectionInput input) {
        return connections.set(tenants.idOf(tenant), input, Caller.of(security).actor());
    }

    @DELETE
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@PathParam("tenant") String tenant) {
        connections.delete(tenants.idOf(tenant), tenant, Caller.of(security).actor());
        return Response.noContent().build();
    }
}
