package dev.tokenkeeper.token.boundary;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.token.control.AccessTokens;
import dev.tokenkeeper.token.entity.JwtClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Our own access tokens on our own protected routes, checked by us: the {@code Authorization:
 * Bearer} token is verified against the signing keys this node holds in memory (a rotation on any
 * node is seen at once, through the key generation in the cluster cache), its expiry against the
 * clock, and the request gets a {@link SecurityContext} whose principal is a {@link Caller} and
 * whose roles are the token's {@code groups}. {@link BearerTokenFilter} does this for requests to
 * {@code /api/…} that carry a bearer token; {@link RolesAllowedCheck} refuses a protected route
 * without one and checks {@code @RolesAllowed}.
 *
 * <p>Why not MicroProfile JWT: its mechanism is a Jakarta Security one, installed for the whole web
 * module, so Jakarta Security (Soteria's JASPIC bridge with two JNDI lookups) ran on every request,
 * the metadata {@code GET} and the token endpoint's refusals included, and it read the keys from a
 * file re-read every few seconds.
 */
@ApplicationScoped
public class BearerTokens {

    static final String SCHEME = "Bearer";
    private static final int LONGEST_HEADER = 8192;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Clock clock;

    /** RFC 6750 §2.1 (the scheme's name is case-insensitive). */
    static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1);
    }

    /** The caller of a live access token we signed; empty for anything else (forged, altered, expired, not ours, not a bearer header). */
    public Optional<Caller> caller(String authorization) {
        if (!isBearer(authorization) || authorization.length() > LONGEST_HEADER) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length() + 1).trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return accessTokens.verifiedClaims(token)
                .filter(claims -> claims.getExpirationTime() != null && clock.instant().isBefore(claims.getExpirationTime().toInstant()))
                .map(BearerTokens::callerOf);
    }

    static SecurityContext securityContext(Caller caller, boolean secure) {
        return new CallerContext(caller, secure);
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
            return SCHEME;
        }
    }
}
