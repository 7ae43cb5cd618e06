package dev.tokenkeeper.demo.control;

import dev.tokenkeeper.demo.control.DemoProvisioning.Outcome;
import dev.tokenkeeper.token.boundary.TokenGrants;
import dev.tokenkeeper.token.control.TokenExchangeGrant;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.IssuedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import java.time.Clock;
import java.util.Map;

/**
 * Signs a name in to the demo tenant the way a customer's back end would: the demo identity
 * provider vouches for the name, and the demo app exchanges that subject token at the token
 * service (RFC 8693), through the same grant logic as {@code POST /login/oauth/access_token}.
 */
@ApplicationScoped
public class DemoSignIn {

    @Inject
    DemoProvisioning provisioning;

    @Inject
    DemoIdentityProvider identityProvider;

    @Inject
    TokenGrants grants;

    @Inject
    Clock clock;

    public IssuedTokens signIn(String user) {
        DemoCredentials demo = provisioning.credentials().orElseGet(this::setUpNow);
        grants.admit(demo.clientId()); // anyone may sign in to the demo: as fast as one client may, no faster
        String subjectToken = identityProvider.subjectToken(demo.idpKey(), user, demo.clientId(), clock.instant());
        return grants.grant(Map.of("grant_type", TokenExchangeGrant.GRANT_TYPE, "subject_token", subjectToken, "subject_token_type", TokenExchangeGrant.JWT_TOKEN_TYPE),
                new ClientCredentials(demo.clientId(), demo.clientSecret(), false));
    }

    /** The start-up set-up failed or lost every attempt: try once more now rather than leave the demo broken. */
    private DemoCredentials setUpNow() {
        if (provisioning.ensure() == Outcome.TENANT_TAKEN) {
            throw new ClientErrorException("The demo is unavailable: a tenant '" + DemoProvisioning.TENANT_SLUG
                    + "' exists that the demo did not create", 409);
        }
        return provisioning.credentials().orElseThrow(() -> new IllegalStateException("The demo set-up left no record"));
    }
}
