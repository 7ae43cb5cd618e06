package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET|PUT /api/tenants/{tenant}/powerbi}: the Entra ID app registration (service principal)
 * that Tokenkeeper signs in as to mint this tenant's Power BI embed tokens.
 */
@Path("api/tenants/{tenant}/powerbi")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class PowerBiConnectionResource {

    @Inject
    PowerBiConnections connections;

    @GET
    @APIResponse(responseCode = "200", description = "The connection (the secret never shown)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = PowerBiConnectionView.class)))
    public PowerBiConnectionView get(@PathParam("tenant") String tenant) {
        return connections.get(tenant);
    }

    @PUT
    @APIResponse(responseCode = "200", description = "The connection after the change", content = @Content(mediaType = "application/json", schema = @Schema(implementation = PowerBiConnectionView.class)))
    public PowerBiConnectionView put(@PathParam("tenant") String tenant,
            @NotNull(message = "send the connection as JSON") @Valid PowerBiConnectionInput input) {
        return connections.set(tenant, input);
    }
}
