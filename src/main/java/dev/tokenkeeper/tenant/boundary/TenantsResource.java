package dev.tokenkeeper.tenant.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/tenants")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin API")
public class TenantsResource {

    @Inject
    Tenants tenants;

    @POST
    @RolesAllowed(TenantAccessFilter.PLATFORM_ADMIN)
    @APIResponse(responseCode = "201", description = "Created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantView.class)))
    public Response create(@NotNull(message = "send the tenant as JSON") @Valid NewTenant input) {
        TenantView created = tenants.create(input);
        return Response.created(UriBuilder.fromPath("api/tenants/{tenant}").build(created.slug())).entity(created).build();
    }

    @GET
    @Path("{tenant}")
    @TenantScoped
    @RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
    @APIResponse(responseCode = "200", description = "The tenant", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantView.class)))
    public TenantView get(@PathParam("tenant") String tenant) {
        return tenants.get(tenant);
    }

    @PUT
    @Path("{tenant}/identity-provider")
    @TenantScoped
    @RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
    @APIResponse(responseCode = "200", description = "The tenant after the change (the OIDC client secret never shown)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantView.class)))
    public TenantView changeIdentityProvider(@PathParam("tenant") String tenant,
            @NotNull(message = "send the identity provider as JSON: {\"issuer\", \"jwks\" | \"jwksUri\", \"oidc\": {\"issuer\", \"clientId\", \"clientSecret\"}}")
            @Valid NewTenant.IdentityProvider input) {
        return tenants.changeIdentityProvider(tenant, input);
    }
}
