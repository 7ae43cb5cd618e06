package dev.tokenkeeper.token.control;

import dev.tokenkeeper.security.control.SecretHasher;
import dev.tokenkeeper.tenant.boundary.TenantDirectory;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** RFC 6749 §2.3.1: client_secret_post and client_secret_basic, checked against the keyed hash in constant time. */
@ApplicationScoped
public class ClientAuthenticator {

    /** Compared against when the client is unknown, so both failures take the same time. */
    private static final String NO_SUCH_CLIENT_HASH = "0".repeat(64);

    @Inject
    TenantDirectory directory;

    @Inject
    SecretHasher secrets;

    public AuthenticatedClient authenticate(ClientCredentials credentials) {
        if (credentials == null || !credentials.complete()) {
            throw OAuthException.invalidClient(
                    "Client authentication is missing: send client_id and client_secret as parameters or as HTTP Basic credentials",
                    credentials != null && credentials.basic());
        }
        Optional<App> app = directory.app(credentials.clientId());
        boolean secretMatches = secrets.matches(credentials.clientSecret(), app.map(App::secretHash).orElse(NO_SUCH_CLIENT_HASH));
        if (app.isEmpty() || !secretMatches) {
            throw OAuthException.invalidClient("Unknown client_id or wrong client_secret", credentials.basic());
        }
        return new AuthenticatedClient(app.get(), directory.tenant(app.get().tenantId())
                .orElseThrow(() -> new IllegalStateException("App " + app.get().clientId() + " has no tenant")));
    }
}
