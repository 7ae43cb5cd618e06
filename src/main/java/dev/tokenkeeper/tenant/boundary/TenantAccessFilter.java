package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.token.boundary.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * One place that keeps tenants apart: the {@code tenant} claim of the caller's token must name the
 * tenant in the path, unless the caller is the platform admin. Runs after the bearer-token check and
 * {@code @RolesAllowed} ({@link dev.tokenkeeper.token.boundary.BearerTokenFilter},
 * {@link dev.tokenkeeper.token.boundary.RolesAllowedCheck}), which set and check the caller.
 * A tenant admin asking about another tenant gets 403 whether or not that tenant exists.
 */
@Provider
@TenantScoped
@Priority(Priorities.AUTHORIZATION + 10)
public class TenantAccessFilter implements ContainerRequestFilter {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String TENANT_ADMIN = "admin";

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = Caller.of(request.getSecurityContext());
        if (caller.inGroup(PLATFORM_ADMIN)) {
            return;
        }
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenant");
        if (tenant == null || !tenant.equals(caller.tenant()) || !caller.inGroup(TENANT_ADMIN)) {
            throw new ForbiddenException("Your token belongs to another tenant (or lacks the admin role): you may administer only your own tenant");
        }
    }
}
