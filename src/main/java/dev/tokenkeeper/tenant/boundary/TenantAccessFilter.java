package dev.tokenkeeper.tenant.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One place that keeps tenants apart: the {@code tenant} claim of the caller's token must name the
 * tenant in the path, unless the caller is the platform admin. Runs after {@code @RolesAllowed}.
 * A tenant admin asking about another tenant gets 403 whether or not that tenant exists.
 */
@Provider
@TenantScoped
@Priority(Priorities.AUTHORIZATION + 10)
public class TenantAccessFilter implements ContainerRequestFilter {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String TENANT_ADMIN = "admin";

    @Inject
    JsonWebToken caller;

    @Override
    public void filter(ContainerRequestContext request) {
        if (caller == null || caller.getRawToken() == null) {
            throw new NotAuthorizedException("Send a bearer access token", "Bearer");
        }
        if (caller.getGroups().contains(PLATFORM_ADMIN)) {
            return;
        }
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenant");
        Object claim = caller.getClaim("tenant");
        if (tenant == null || claim == null || !tenant.equals(claim.toString()) || !caller.getGroups().contains(TENANT_ADMIN)) {
            throw new ForbiddenException("Your token belongs to another tenant (or lacks the admin role): you may administer only your own tenant");
        }
    }
}
