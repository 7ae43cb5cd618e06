package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * RFC 8693 token exchange: a JWT from the tenant's identity provider becomes the user's first
 * token pair (or, for an app that opted out of expiry, one non-expiring token).
 */
@ApplicationScoped
public class TokenExchangeGrant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    @Inject
    SubjectTokenVerifier subjectTokens;

    @Inject
    RefreshGrant refreshGrant;

    @Inject
    NonExpiringTokens nonExpiringTokens;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public IssuedTokens exchange(AuthenticatedClient client, String subjectToken, String subjectTokenType) {
        if (subjectToken == null || subjectToken.isBlank()) {
            throw OAuthException.invalidRequest("subject_token is missing: send the user's JWT from the tenant's identity provider");
        }
        if (!JWT_TOKEN_TYPE.equals(subjectTokenType)) {
            throw OAuthException.invalidRequest("subject_token_type must be " + JWT_TOKEN_TYPE
                    + (subjectTokenType == null ? " (it is missing)" : ", not '" + subjectTokenType + "'"));
        }
        String subject = subjectTokens.verifiedSubject(client.tenant(), client.app(), subjectToken);
        return firstTokens(client.app(), client.tenant(), subject, "token exchange");
    }

    /**
     * A user's first tokens after any sign-in (token exchange, device flow, reset): a new family's
     * pair, or one non-expiring token for an app that opted out of expiry. Audited with {@code signIn}.
     */
    public IssuedTokens firstTokens(App app, Tenant tenant, String subject, String signIn) {
        if (app.expiringUserTokens()) {
            return refreshGrant.startFamily(app, tenant, subject, signIn);
        }
        Instant now = clock.instant();
        IssuedTokens issued = nonExpiringTokens.issue(app, tenant, subject, now);
        audit.record(tenant.id(), now, AuditEventType.TOKEN_ISSUED, app.clientId(), subject, null,
                opaqueTokens.hash(issued.accessToken()), signIn + ": non-expiring token (app opted out of expiry)");
        return issued;
    }
}
