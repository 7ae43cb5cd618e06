package dev.tokenkeeper.token.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * A bearer token sent to the API ({@code /api/…}) is checked before the route is matched, as MP-JWT
 * did: a forged or expired token is 401 even where the method would not be allowed (no hint which
 * routes exist). A request without an {@code Authorization} header costs one header look-up here;
 * other paths are not looked at further.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    static final String REFUSAL = "Send a valid bearer access token (Authorization: Bearer …) from the client_credentials grant";

    @Inject
    BearerTokens tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!BearerTokens.isBearer(authorization) || !request.getUriInfo().getPath().startsWith("api/")) {
            return;
        }
        Caller caller = tokens.caller(authorization).orElseThrow(() -> new NotAuthorizedException(REFUSAL, BearerTokens.SCHEME));
        SecurityContext original = request.getSecurityContext();
        request.setSecurityContext(BearerTokens.securityContext(caller, original != null && original.isSecure()));
    }
}
