package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.control.AuthorizationCodeGrant;
import dev.tokenkeeper.token.control.ClientAuthenticator;
import dev.tokenkeeper.token.control.ClientCredentialsGrant;
import dev.tokenkeeper.token.control.ClientRateLimiter;
import dev.tokenkeeper.token.control.DeviceFlow;
import dev.tokenkeeper.token.control.RefreshGrant;
import dev.tokenkeeper.token.control.TokenExchangeGrant;
import dev.tokenkeeper.token.control.TokenInspector;
import dev.tokenkeeper.token.control.TokenMetrics;
import dev.tokenkeeper.token.control.UserAuthorizations;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.DeviceCodeIssued;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenInfo;
import dev.tokenkeeper.token.entity.TokenReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;

/**
 * The token feature's facade and transaction boundary. A grant runs in one transaction; an
 * {@link OAuthException} does not roll it back, because what was decided before the refusal (a
 * family revoked for reuse, its audit event) must stay.
 */
@ApplicationScoped
public class TokenGrants {

    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** The grant types there are, as the refusals name them. */
    private static final String GRANT_TYPES = REFRESH_TOKEN + ", " + TokenExchangeGrant.GRANT_TYPE + ", "
            + AuthorizationCodeGrant.GRANT_TYPE + ", " + DeviceFlow.GRANT_TYPE + " or " + CLIENT_CREDENTIALS;

    @Inject
    ClientAuthenticator clients;

    @Inject
    RefreshGrant refreshGrant;

    @Inject
    TokenExchangeGrant tokenExchange;

    @Inject
    ClientCredentialsGrant clientCredentials;

    @Inject
    TokenInspector inspector;

    @Inject
    AuthorizationCodeGrant authorizationCode;

    @Inject
    DeviceFlow deviceFlow;

    @Inject
    UserAuthorizations authorizations;

    @Inject
    ClientRateLimiter rateLimiter;

    @Inject
    TokenMetrics metrics;

    /**
     * The token endpoint's per-client rate limit, for every way in (the endpoint, the demo sign-in).
     * Outside the grant's transaction, so a flood of refused requests costs no transaction.
     *
     * @throws OAuthException 429 with the seconds to wait
     */
    public void admit(String clientId) {
        long waitSeconds = rateLimiter.acquire(clientId);
        if (waitSeconds > 0) {
            metrics.rateLimited();
            throw OAuthException.rateLimited(waitSeconds);
        }
    }

    /**
     * The refresh grant, the hottest route of the service, outside any transaction: a routine
     * rotation is one read and one conditional write that commits on its own, and the rare writes
     * that carry an audit event open their own transaction ({@code RefreshGrant}).
     */
    public IssuedTokens refresh(Map<String, String> parameters, ClientCredentials credentials) {
        return refresh(clients.authenticate(credentials), parameters);
    }

    /**
     * Refuses a request whose grant type is missing or unknown: a pure check of the parameters, which
     * the token endpoint makes before the grant's transaction opens (a malformed request costs none).
     *
     * @throws OAuthException 400 {@code invalid_request} or {@code unsupported_grant_type}
     */
    public static void requireGrantType(Map<String, String> parameters) {
        String grantType = parameters.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            if (parameters.get("code") != null) {
                return; // GitHub's web flow: a bare code
            }
            throw OAuthException.invalidRequest("grant_type is missing: use " + GRANT_TYPES + " (or send GitHub's bare code)");
        }
        switch (grantType) {
            case REFRESH_TOKEN, TokenExchangeGrant.GRANT_TYPE, CLIENT_CREDENTIALS, AuthorizationCodeGrant.GRANT_TYPE, DeviceFlow.GRANT_TYPE -> {
            }
            default -> throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type '" + grantType
                    + "' is not supported: use " + GRANT_TYPES);
        }
    }

    @Transactional(dontRollbackOn = OAuthException.class)
    public IssuedTokens grant(Map<String, String> parameters, ClientCredentials credentials) {
        requireGrantType(parameters);
        String grantType = parameters.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            // GitHub's web flow sends only client_id, client_secret, code (and redirect_uri): answer with GitHub's error names
            return authorizationCode.redeem(clients.authenticate(credentials), parameters.get("code"), parameters.get("redirect_uri"),
                    parameters.get("code_verifier"), true);
        }
        if (DeviceFlow.GRANT_TYPE.equals(grantType)) {
            // RFC 8628 §3.4, as on GitHub: a device cannot keep a secret, so only its client_id is sent.
            return deviceFlow.poll(credentials.clientId(), parameters.get("device_code"));
        }
        AuthenticatedClient client = clients.authenticate(credentials);
        return switch (grantType) {
            case REFRESH_TOKEN -> refresh(client, parameters);
            case TokenExchangeGrant.GRANT_TYPE -> {
                refuseScope(parameters);
                yield tokenExchange.exchange(client, parameters.get("subject_token"), parameters.get("subject_token_type"));
            }
            case CLIENT_CREDENTIALS -> clientCredentials.issue(client, parameters.get("scope"));
            case AuthorizationCodeGrant.GRANT_TYPE -> authorizationCode.redeem(client, parameters.get("code"),
                    parameters.get("redirect_uri"), parameters.get("code_verifier"), false);
            default -> throw new IllegalStateException("grant_type " + grantType + " passed requireGrantType but has no grant");
        };
    }

    /** {@code POST /login/device/code}: the device's codes, in one transaction. */
    @Transactional(dontRollbackOn = OAuthException.class)
    public DeviceCodeIssued deviceCode(String clientId, String scope) {
        return deviceFlow.start(clientId, scope);
    }

    @Transactional
    public TokenInfo introspect(ClientCredentials credentials, String token) {
        return inspector.introspect(clients.authenticate(credentials), token);
    }

    @Transactional
    public void revoke(ClientCredentials credentials, String token) {
        inspector.revoke(clients.authenticate(credentials), token);
    }

    /** GitHub's /applications/{client_id}/token routes: the authenticated app must be the one in the path. */
    @Transactional
    public TokenInfo check(ClientCredentials credentials, String pathClientId, String token) {
        AuthenticatedClient client = authenticateAs(credentials, pathClientId);
        TokenInfo info = inspector.introspect(client, token);
        return info.active() && pathClientId.equals(info.clientId()) ? info : TokenInfo.inactive();
    }

    @Transactional
    public void revokeAs(ClientCredentials credentials, String pathClientId, String token) {
        inspector.revoke(authenticateAs(credentials, pathClientId), token);
    }

    /** GitHub's reset: empty when the token is not a live user access token of this app. */
    @Transactional
    public Optional<TokenReset> resetAs(ClientCredentials credentials, String pathClientId, String token) {
        return authorizations.reset(authenticateAs(credentials, pathClientId), token);
    }

    /** GitHub's delete of an app authorization: false when the token is not a live user access token of this app. */
    @Transactional
    public boolean revokeGrantAs(ClientCredentials credentials, String pathClientId, String token) {
        return authorizations.revokeGrant(authenticateAs(credentials, pathClientId), token);
    }

    /** The GitHub routes authenticate before they look at the body. */
    @Transactional
    public void authenticateApp(ClientCredentials credentials, String pathClientId) {
        authenticateAs(credentials, pathClientId);
    }

    private AuthenticatedClient authenticateAs(ClientCredentials credentials, String pathClientId) {
        AuthenticatedClient client = clients.authenticate(credentials);
        if (!client.app().clientId().equals(pathClientId)) {
            throw OAuthException.invalidClient("The credentials are not those of client " + pathClientId, credentials.basic());
        }
        return client;
    }

    private IssuedTokens refresh(AuthenticatedClient client, Map<String, String> parameters) {
        refuseScope(parameters);
        String refreshToken = parameters.get(REFRESH_TOKEN);
        if (refreshToken == null || refreshToken.isBlank()) {
            throw OAuthException.invalidRequest("refresh_token is missing: send the refresh token you received with the last access token");
        }
        return refreshGrant.refresh(client.app(), client.tenant(), refreshToken);
    }

    /** User tokens carry no scopes (as GitHub App user tokens); asking for one is an error, not silently ignored. */
    private static void refuseScope(Map<String, String> parameters) {
        String scope = parameters.get("scope");
        if (scope != null && !scope.isBlank()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE,
                    "User tokens carry no scopes: leave scope out (what a user may do is decided by the app's tenant)");
        }
    }
}
