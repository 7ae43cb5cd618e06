package dev.tokenkeeper.token.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * {@code @RolesAllowed} on our resources (on the method, else on its class): only those methods get
 * a filter, so every other route runs without one. The caller is the one {@link BearerTokenFilter}
 * set from the bearer token; none is 401, a token without one of the roles 403. Payara's own
 * {@code @RolesAllowed} filter is switched off in {@code payara-web.xml}
 * ({@code jaxrs-roles-allowed-enabled}): it asks Jakarta Security for the caller, which no longer
 * runs.
 */
@Provider
public class RolesAllowedCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (roles != null) {
            context.register(new Check(Set.of(roles.value())));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final Set<String> allowed;
        private final String refusal;

        Check(Set<String> allowed) {
            this.allowed = allowed;
            List<String> sorted = allowed.stream().sorted().toList();
            this.refusal = "Your token does not allow this: the route needs the role " + String.join(" or ", sorted);
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
                throw new NotAuthorizedException(BearerTokenFilter.REFUSAL, BearerTokens.SCHEME);
            }
            if (allowed.stream().noneMatch(caller::inGroup)) {
                throw new ForbiddenException(refusal);
            }
        }
    }
}
