package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 6749 §4.4: an app token carrying the app's roles as scope and groups. A requested scope may
 * narrow the roles, never widen them.
 */
@ApplicationScoped
public class ClientCredentialsGrant {

    @Inject
    AccessTokens accessTokens;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.app-token-seconds", defaultValue = "3600")
    long appTokenSeconds;

    public IssuedTokens issue(AuthenticatedClient client, String requestedScope) {
        Set<String> roles = client.app().roles();
        Set<String> granted = roles;
        if (requestedScope != null && !requestedScope.isBlank()) {
            granted = Arrays.stream(requestedScope.trim().split("\\s+")).collect(Collectors.toCollection(LinkedHashSet::new));
            if (!roles.containsAll(granted)) {
                Set<String> extra = new LinkedHashSet<>(granted);
                extra.removeAll(roles);
                throw new OAuthException(OAuthError.INVALID_SCOPE, "This app may not request " + extra + "; its roles are " + roles);
            }
        }
        Instant now = clock.instant();
        Instant expiry = now.plusSeconds(appTokenSeconds);
        String token = accessTokens.issueAppToken(client.app(), client.tenant(), granted, now, expiry);
        return new IssuedTokens(token, expiry, null, null, String.join(" ", granted));
    }
}
