package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.control.AuthorizationCodeGrant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** How the sign-in pages hand a signed-in, consenting user back to the app: a single-use code. */
@ApplicationScoped
public class AuthorizationCodes {

    @Inject
    AuthorizationCodeGrant grant;

    /**
     * @param redirectUriGiven whether the authorization request named the redirect URI (then the token request must too)
     * @param codeChallenge the PKCE S256 challenge, or null
     */
    @Transactional
    public String issue(App app, Tenant tenant, String redirectUri, boolean redirectUriGiven, String codeChallenge, String subject) {
        return grant.issue(app, tenant, redirectUri, redirectUriGiven, codeChallenge, subject, "web flow");
    }
}
