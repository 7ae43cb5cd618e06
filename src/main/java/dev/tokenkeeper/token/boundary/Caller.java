package dev.tokenkeeper.token.boundary;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;

/**
 * Who sent a request to a protected route: the claims of the access token {@link BearerTokens}
 * verified ({@link BearerTokenFilter} puts it in the request's {@code SecurityContext}).
 * {@code subject} is the user's {@code sub}, or the app's client id for an app token; {@code groups}
 * are the roles {@code @RolesAllowed} checks.
 */
public record Caller(String subject, String clientId, String tenant, Set<String> groups) implements Principal {

    public Caller {
        groups = Set.copyOf(groups);
    }

    /** The caller of a route that {@code @RolesAllowed} protects (the check has run, so there is one). */
    public static Caller of(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new NotAuthorizedException(BearerTokenFilter.REFUSAL, BearerTokens.SCHEME);
    }

    @Override
    public String getName() {
        return subject;
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /** The caller for the audit log: the user's sub, or the app's client id. */
    public String actor() {
        if (subject != null) {
            return subject;
        }
        return clientId == null ? "unknown" : clientId;
    }
}
