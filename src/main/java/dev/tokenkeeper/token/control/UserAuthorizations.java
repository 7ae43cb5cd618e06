package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.JwtClaims;
import dev.tokenkeeper.token.entity.TokenFamily;
import dev.tokenkeeper.token.entity.TokenInfo;
import dev.tokenkeeper.token.entity.TokenReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's app-side control of a user's authorization: reset one access token (the old one dies at
 * once, a new one takes its place) and delete the whole grant (every token of that user for that
 * app). Only live user access tokens issued to the calling app qualify; anything else is "not
 * found", as on GitHub. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class UserAuthorizations {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    TokenInspector inspector;

    @Inject
    AccessTokens accessTokens;

    @Inject
    RefreshTokenStore refreshTokens;

    @Inject
    NonExpiringTokens nonExpiringTokens;

    @Inject
    TokenExchangeGrant signIns;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * {@code PATCH /applications/{client_id}/token}. A user access token of an expiring app belongs
     * to a sign-in (a token family), and a JWT cannot be recalled alone: the old sign-in is revoked
     * (its access and refresh tokens die together) and a new one starts for the same user. The kind
     * of the new token follows the app's current setting (a family, or one non-expiring token).
     *
     * @return empty when the token is not a live user access token of this app
     */
    public Optional<TokenReset> reset(AuthenticatedClient caller, String token) {
        Optional<UserToken> found = userToken(caller, token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UserToken old = found.get();
        Instant now = clock.instant();
        String clientId = caller.app().clientId();
        // One compare-and-set each: of two resets racing on the same token, only one issues a new token.
        boolean revokedHere = old.familyId() != null
                ? refreshTokens.revokeFamily(old.familyId(), now, TokenFamily.REVOKED_ON_REQUEST)
                : em.createQuery("UPDATE NonExpiringToken t SET t.revokedAt = :now WHERE t.tokenHash = :hash AND t.revokedAt IS NULL")
                        .setParameter("now", now.toEpochMilli()).setParameter("hash", old.info().tokenHash()).executeUpdate() == 1;
        if (!revokedHere) {
            return Optional.empty();
        }
        audit.record(caller.tenant().id(), now, AuditEventType.TOKEN_RESET, clientId, old.info().subject(), old.familyId(),
                old.info().tokenHash(), "token reset by the app: the old token (and its sign-in) is dead, a new one was issued");
        IssuedTokens issued = signIns.firstTokens(caller.app(), caller.tenant(), old.info().subject(), "reset");
        TokenInfo info = new TokenInfo(true, "access_token", clientId, old.info().subject(), caller.tenant().slug(), "", now,
                issued.accessExpiresAt(), opaqueTokens.hash(issued.accessToken()));
        return Optional.of(new TokenReset(issued, info));
    }

    /**
     * {@code DELETE /applications/{client_id}/grant}: every sign-in and every non-expiring token of
     * the token's user for this app is revoked.
     *
     * @return false when the token is not a live user access token of this app
     */
    public boolean revokeGrant(AuthenticatedClient caller, String token) {
        Optional<UserToken> found = userToken(caller, token);
        if (found.isEmpty()) {
            return false;
        }
        String subject = found.get().info().subject();
        String clientId = caller.app().clientId();
        Instant now = clock.instant();
        List<String> families = em.createQuery("SELECT f.id FROM TokenFamily f WHERE f.clientId = :clientId "
                        + "AND f.subject = :subject AND f.revokedAt IS NULL", String.class)
                .setParameter("clientId", clientId).setParameter("subject", subject).getResultList();
        int signIns = 0;
        for (String familyId : families) {
            if (refreshTokens.revokeFamily(familyId, now, TokenFamily.REVOKED_ON_REQUEST)) {
                signIns++;
            }
        }
        int nonExpiring = em.createQuery("UPDATE NonExpiringToken t SET t.revokedAt = :now WHERE t.clientId = :clientId "
                        + "AND t.subject = :subject AND t.revokedAt IS NULL")
                .setParameter("now", now.toEpochMilli()).setParameter("clientId", clientId).setParameter("subject", subject)
                .executeUpdate();
        audit.record(caller.tenant().id(), now, AuditEventType.TOKEN_REVOKED, clientId, subject, null, found.get().info().tokenHash(),
                "authorization deleted by the app: " + signIns + " sign-in(s) and " + nonExpiring + " non-expiring token(s) revoked");
        return true;
    }

    /** A live user access token (not a refresh token, not an app token) issued to the caller. */
    private Optional<UserToken> userToken(AuthenticatedClient caller, String token) {
        if (token == null || token.isBlank() || token.startsWith(TokenKind.REFRESH.prefix())) {
            return Optional.empty();
        }
        TokenInfo info = inspector.introspect(caller, token);
        if (!info.active() || !"access_token".equals(info.tokenType()) || !caller.app().clientId().equals(info.clientId())) {
            return Optional.empty();
        }
        if (token.startsWith(TokenKind.NON_EXPIRING_ACCESS.prefix())) {
            return Optional.of(new UserToken(info, null));
        }
        // A JWT of a user carries its sign-in's family id; an app token (client credentials) has none.
        return accessTokens.verifiedClaims(token).map(claims -> JwtClaims.string(claims, "fid"))
                .map(familyId -> new UserToken(info, familyId));
    }

    private record UserToken(TokenInfo info, String familyId) {
    }
}
