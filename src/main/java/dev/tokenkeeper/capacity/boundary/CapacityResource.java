package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.BearerTokenFilter;
import dev.tokenkeeper.token.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * {@code GET /api/tenants/{tenant}/capacity}, {@code POST …/capacity/resume} and {@code POST
 * …/capacity/pause}: an admin sees and starts or stops the tenant's capacity. A pause or resume
 * answers 200 when it is done and 202 while the driver is still at it (Azure takes minutes); asking
 * for the state it is already in or going to is no error.
 */
@Path("api/tenants/{tenant}/capacity")
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
public class CapacityResource {

    @Inject
    Capacities capacities;

    @Inject
    Tenants tenants;

    /** The caller whose bearer token {@link BearerTokenFilter} verified. */
    @Context
    SecurityContext security;

    @GET
    @APIResponse(responseCode = "200", description = "The capacity's state", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CapacityView.class)))
    public CapacityView get(@PathParam("tenant") String tenant) {
        return CapacityView.of(capacities.status(tenants.idOf(tenant)));
    }

    @POST
    @Path("resume")
    @APIResponse(responseCode = "200", description = "Already active; 202 when resuming has begun", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CapacityView.class)))
    public Response resume(@PathParam("tenant") String tenant) {
        CapacityStatus status = capacities.resume(tenants.idOf(tenant), actor());
        if (status.state() == CapacityState.PAUSING) {
            throw new ClientErrorException("The capacity is still pausing: resume it once it is paused (GET the capacity to follow it)", 409);
        }
        return answer(status);
    }

    @POST
    @Path("pause")
    @APIResponse(responseCode = "200", description = "Already paused; 202 when pausing has begun", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CapacityView.class)))
    public Response pause(@PathParam("tenant") String tenant) {
        CapacityStatus status = capacities.pause(tenants.idOf(tenant), actor());
        if (status.state() == CapacityState.RESUMING) {
            throw new ClientErrorException("The capacity is still resuming: pause it once it is active (GET the capacity to follow it)", 409);
        }
        return answer(status);
    }

    private static Response answer(CapacityStatus status) {
        return Response.status(status.state().transitional() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(CapacityView.of(status)).header("Cache-Control", "no-store").build();
    }

    private String actor() {
        return Caller.of(security).actor();
    }
}
