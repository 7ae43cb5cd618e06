package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.Pkce;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.AuthorizationCode;
import dev.tokenkeeper.token.entity.ErrorReason;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.NonExpiringToken;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The web application flow's code (RFC 6749 §4.1, GitHub's {@code code}): issued after the user
 * signed in at the tenant's provider and consented, redeemed once at the token endpoint for the
 * first pair of a new sign-in, through the same path as token exchange and the device flow.
 *
 * <p>Spending is one compare-and-set on the code row, so two racing redemptions issue at most once.
 * A code presented again revokes what its first use issued (RFC 6749 §4.1.2, RFC 9700 §4.5): the
 * second presenter may be the attacker, or the first one was.
 */
@ApplicationScoped
public class AuthorizationCodeGrant {

    public static final String GRANT_TYPE = "authorization_code";
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    TokenExchangeGrant firstTokens;

    @Inject
    RefreshTokenStore refreshTokens;

    @Inject
    RefreshTokenFormat refreshTokenFormat;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** @return the code, to be sent once to the app's redirect URI; only its hash is stored */
    public String issue(App app, Tenant tenant, String redirectUri, boolean redirectUriGiven, String codeChallenge, String subject,
            String signIn) {
        Instant now = clock.instant();
        // codes are kept a day past their expiry, so that a late replay still revokes what it issued; then forgotten
        em.createNamedQuery(AuthorizationCode.PURGE).setParameter("before", now.minus(KEPT_AFTER_EXPIRY).toEpochMilli()).executeUpdate();
        String code = opaqueTokens.generate(TokenKind.AUTHORIZATION_CODE);
        String hash = opaqueTokens.hash(code);
        em.persist(new AuthorizationCode(hash, tenant.id(), app.clientId(), redirectUri, redirectUriGiven, codeChallenge, subject, now));
        audit.record(tenant.id(), now, AuditEventType.SIGNED_IN_BY_CODE, app.clientId(), subject, null, hash,
                signIn + ": authorization code issued for " + redirectUri + (codeChallenge == null ? "" : " (PKCE S256)"));
        return code;
    }

    /**
     * @param githubNames the request used GitHub's bare {@code code} (no {@code grant_type}): a bad code is then
     *        {@code bad_verification_code}, GitHub's name; a strict RFC 6749 request gets {@code invalid_grant}
     */
    public IssuedTokens redeem(AuthenticatedClient client, String code, String redirectUri, String codeVerifier, boolean githubNames) {
        OAuthError badCode = githubNames ? OAuthError.BAD_VERIFICATION_CODE : OAuthError.INVALID_GRANT;
        if (code == null || code.isBlank()) {
            throw OAuthException.invalidRequest("code is missing: send the code your redirect URI received");
        }
        if (!opaqueTokens.isWellFormed(code, TokenKind.AUTHORIZATION_CODE)) {
            throw OAuthException.refusedCode(badCode, ErrorReason.UNKNOWN, "The code passed is incorrect or expired.");
        }
        Instant now = clock.instant();
        String hash = opaqueTokens.hash(code);
        AuthorizationCode found = em.find(AuthorizationCode.class, hash);
        if (found == null || !found.clientId().equals(client.app().clientId())) {
            throw OAuthException.refusedCode(badCode, ErrorReason.UNKNOWN, "The code passed is incorrect or expired.");
        }
        boolean spentNow = em.createNamedQuery(AuthorizationCode.SPEND).setParameter("now", now.toEpochMilli())
                .setParameter("hash", hash).executeUpdate() == 1;
        if (!spentNow) {
            em.refresh(found);
            revokeWhatItIssued(client, found, now);
            throw OAuthException.refusedCode(badCode, ErrorReason.REUSED,
                    "This code was already used: what it issued is now revoked. Start the sign-in again.");
        }
        if (found.expiredAt(now)) {
            throw OAuthException.refusedCode(badCode, ErrorReason.EXPIRED, "The code passed is incorrect or expired.");
        }
        // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request, and required when that request named one
        if ((found.redirectUriGiven() && redirectUri == null) || (redirectUri != null && !redirectUri.equals(found.redirectUri()))) {
            throw new OAuthException(OAuthError.REDIRECT_URI_MISMATCH,
                    "The redirect_uri MUST match the one used in the authorization request (" + found.redirectUri() + ").");
        }
        checkPkce(found, codeVerifier);
        IssuedTokens issued = firstTokens.firstTokens(client.app(), client.tenant(), found.subject(), "authorization code");
        found.issued(opaqueTokens.hash(issued.refreshToken() != null ? issued.refreshToken() : issued.accessToken()),
                issued.refreshToken() == null ? null : refreshTokenFormat.parse(issued.refreshToken())
                        .map(RefreshTokenFormat.Parsed::familyId).orElse(null));
        return issued;
    }

    private static void checkPkce(AuthorizationCode found, String codeVerifier) {
        if (found.codeChallenge() == null) {
            if (codeVerifier != null) {
                // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a PKCE downgrade attempt
                throw OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                        "code_verifier was sent, but the authorization request had no code_challenge");
            }
            return;
        }
        if (codeVerifier == null) {
            throw OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                    "code_verifier is missing: the authorization request had a code_challenge (PKCE, RFC 7636)");
        }
        if (!Pkce.matches(codeVerifier, found.codeChallenge())) {
            throw OAuthException.invalidGrant(ErrorReason.UNKNOWN, "code_verifier does not match the code_challenge (PKCE, RFC 7636 §4.6)");
        }
    }

    private void revokeWhatItIssued(AuthenticatedClient client, AuthorizationCode code, Instant now) {
        String issuedHash = code.issuedTokenHash();
        String detail = "authorization code used twice: nothing had been issued with it";
        if (issuedHash != null) {
            String familyId = code.issuedFamilyId();
            if (familyId != null) {
                refreshTokens.revokeFamily(familyId, now, TokenFamily.REVOKED_FOR_REUSE);
                detail = "authorization code used twice: the sign-in it started (family " + familyId + ") is revoked";
            } else {
                em.createNamedQuery(NonExpiringToken.BY_HASH, NonExpiringToken.class).setParameter("hash", issuedHash)
                        .getResultStream().findFirst().filter(token -> !token.revoked()).ifPresent(token -> token.revoke(now));
                detail = "authorization code used twice: the non-expiring token it issued is revoked";
            }
        }
        audit.record(code.tenantId(), now, AuditEventType.CODE_REUSED, client.app().clientId(), code.subject(), null,
                code.codeHash(), detail);
    }
}
