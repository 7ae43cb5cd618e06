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

/**
 * {@code GET|PUT /api/tenants/{tenant}/powerbi}: the Entra ID app registration (service principal)
 * that Tokenkeeper signs in as to mint this tenant's Power BI embed tokens.
 */
@Path("api/tenants/{tenant}/powerbi")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
public class PowerBiConnectionResource {

    @Inject
    PowerBiConnections connections;

    @GET
    public PowerBiConnectionView get(@PathParam("tenant") String tenant) {
        return connections.get(tenant);
    }

    @PUT
    public PowerBiConnectionView put(@PathParam("tenant") String tenant,
            @NotNull(message = "send the connection as JSON") @Valid PowerBiConnectionInput input) {
        return connections.set(tenant, input);
    }
}
