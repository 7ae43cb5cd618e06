package dev.tokenkeeper.token.boundary;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.token.control.AccessTokens;
import dev.tokenkeeper.token.entity.JwtClaims;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Our own access tokens on our own protected routes, checked by us and only there: every resource
 * method that carries {@code @RolesAllowed} (on itself or its class) gets a filter that verifies
 * the {@code Authorization: Bearer} token against the signing keys this node holds in memory (a
 * rotation on any node is seen at once, through the key generation in the cluster cache), then
 * checks the roles ({@code groups} claim) and sets a {@link SecurityContext} whose principal is a
 * {@link Caller}.
 *
 * <p>Why not MicroProfile JWT: its mechanism is a Jakarta Security one, installed for the whole web
 * module, so Jakarta Security (Soteria's JASPIC bridge with two JNDI lookups) ran on every request,
 * the metadata {@code GET} and the refusals included, and it read the keys from a file. Payara's
 * own {@code @RolesAllowed} filter is switched off in {@code payara-web.xml}
 * ({@code jaxrs-roles-allowed-enabled}), since it asks Jakarta Security for the caller.
 */
@Provider
public class BearerTokens implements DynamicFeature {

    @Inject
    AccessTokens accessTokens;

    @Inject
    Clock clock;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (roles != null) {
            context.register(new Check(accessTokens, clock, Set.of(roles.value())));
        }
    }

    /** The caller's roles must meet one of {@code allowed}; a missing or bad token is 401, a token without the role 403. */
    @Priority(Priorities.AUTHENTICATION)
    static final class Check implements ContainerRequestFilter {

        private static final int LONGEST_TOKEN = 8192;
        private final AccessTokens accessTokens;
        private final Clock clock;
        private final Set<String> allowed;

        Check(AccessTokens accessTokens, Clock clock, Set<String> allowed) {
            this.accessTokens = accessTokens;
            this.clock = clock;
            this.allowed = allowed;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Caller caller = caller(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                    .orElseThrow(() -> new NotAuthorizedException("Send a valid bearer access token (Authorization: Bearer …) "
                            + "from the client_credentials grant", "Bearer"));
            SecurityContext original = request.getSecurityContext();
            request.setSecurityContext(new CallerContext(caller, original != null && original.isSecure()));
            if (allowed.stream().noneMatch(caller::inGroup)) {
                throw new ForbiddenException("Your token does not allow this: the route needs the role " + String.join(" or ", allowed.stream().sorted().toList()));
            }
        }

        Optional<Caller> caller(String authorization) {
            // RFC 6750 §2.1: the scheme is case-insensitive
            if (authorization == null || authorization.length() > LONGEST_TOKEN || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            String token = authorization.substring(7).trim();
            if (token.isEmpty()) {
                return Optional.empty();
            }
            return accessTokens.verifiedClaims(token)
                    .filter(claims -> claims.getExpirationTime() != null && clock.instant().isBefore(claims.getExpirationTime().toInstant()))
                    .map(Check::callerOf);
        }

        private static Caller callerOf(JWTClaimsSet claims) {
            List<String> groups;
            try {
                groups = claims.getStringListClaim("groups");
            } catch (ParseException e) {
                groups = null;
            }
            return new Caller(claims.getSubject(), JwtClaims.string(claims, "client_id"), JwtClaims.string(claims, "tenant"),
                    groups == null ? Set.of() : Set.copyOf(groups));
        }
    }

    private record CallerContext(Caller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.inGroup(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
