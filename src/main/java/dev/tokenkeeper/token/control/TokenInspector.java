package dev.tokenkeeper.token.control;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.AuthenticatedClient;
import dev.tokenkeeper.token.entity.NonExpiringToken;
import dev.tokenkeeper.token.entity.RevokedAccessToken;
import dev.tokenkeeper.token.entity.TokenFamily;
import dev.tokenkeeper.token.entity.TokenInfo;
import dev.tokenkeeper.token.entity.JwtClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) of every kind of token we issue: JWT access
 * tokens, refresh tokens and non-expiring tokens. A client sees only tokens of its own tenant and
 * revokes only tokens issued to itself; anything else is answered as if the token did not exist.
 */
@ApplicationScoped
public class TokenInspector {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    AccessTokens accessTokens;

    @Inject
    RefreshGrant refreshTokens;

    @Inject
    RefreshTokenStore families;

    @Inject
    NonExpiringTokens nonExpiringTokens;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public TokenInfo introspect(AuthenticatedClient caller, String token) {
        if (token == null || token.isBlank()) {
            return TokenInfo.inactive();
        }
        Instant now = clock.instant();
        Tenant tenant = caller.tenant();
        if (token.startsWith(TokenKind.REFRESH.prefix())) {
            String hash = opaqueTokens.hash(token);
            return refreshTokens.familyOf(token)
                    .filter(family -> family.tenantId().equals(tenant.id()) && family.isCurrent(hash) && family.liveAt(now))
                    .map(family -> new TokenInfo(true, "refresh_token", family.clientId(), family.subject(), tenant.slug(),
                            "", null, family.currentExpiresAt(), hash))
                    .orElse(TokenInfo.inactive());
        }
        if (token.startsWith(TokenKind.NON_EXPIRING_ACCESS.prefix())) {
            return nonExpiringTokens.find(token)
                    .filter(found -> found.tenantId().equals(tenant.id()) && !found.revoked())
                    .map(found -> new TokenInfo(true, "access_token", found.clientId(), found.subject(), tenant.slug(),
                            "", found.issuedAt(), null, found.tokenHash()))
                    .orElse(TokenInfo.inactive());
        }
        return accessTokens.verifiedClaims(token)
                .filter(claims -> tenant.slug().equals(JwtClaims.string(claims, "tenant")))
                .filter(claims -> isLive(claims, now))
                .map(claims -> new TokenInfo(true, "access_token", JwtClaims.string(claims, "client_id"), claims.getSubject(),
                        tenant.slug(), JwtClaims.string(claims, "scope"), instant(claims.getIssueTime()),
                        instant(claims.getExpirationTime()), opaqueTokens.hash(token)))
                .orElse(TokenInfo.inactive());
    }

    /** RFC 7009 §2.2: the answer is the same whether or not there was anything to revoke. */
    public void revoke(AuthenticatedClient caller, String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        String clientId = caller.app().clientId();
        if (token.startsWith(TokenKind.REFRESH.prefix())) {
            // RFC 7009 §2.1: revoking a refresh token revokes the grant it belongs to.
            refreshTokens.familyOf(token).filter(family -> family.clientId().equals(clientId))
                    .ifPresent(family -> revokeFamily(caller, family.id(), family.subject(), token, now));
            return;
        }
        if (token.startsWith(TokenKind.NON_EXPIRING_ACCESS.prefix())) {
            nonExpiringTokens.find(token).filter(found -> found.clientId().equals(clientId) && !found.revoked())
                    .ifPresent(found -> revokeNonExpiring(caller, found, now));
            return;
        }
        accessTokens.verifiedClaims(token)
                .filter(claims -> clientId.equals(JwtClaims.string(claims, "client_id")))
                .filter(claims -> isLive(claims, now))
                .ifPresent(claims -> revokeAccessToken(caller, claims, token, now));
    }

    private void revokeAccessToken(AuthenticatedClient caller, JWTClaimsSet claims, String token, Instant now) {
        String familyId = JwtClaims.string(claims, "fid");
        if (familyId != null) {
            // A user's access token is revoked with its sign-in: the refresh tokens die with it.
            revokeFamily(caller, familyId, claims.getSubject(), token, now);
            return;
        }
        em.persist(new RevokedAccessToken(claims.getJWTID(), claims.getExpirationTime().toInstant()));
        audit.record(caller.tenant().id(), now, AuditEventType.TOKEN_REVOKED, caller.app().clientId(), claims.getSubject(),
                null, opaqueTokens.hash(token), "app access token revoked");
    }

    private void revokeFamily(AuthenticatedClient caller, String familyId, String subject, String token, Instant now) {
        if (families.revokeFamily(familyId, now, TokenFamily.REVOKED_ON_REQUEST)) {
            audit.record(caller.tenant().id(), now, AuditEventType.TOKEN_REVOKED, caller.app().clientId(), subject,
                    familyId, opaqueTokens.hash(token), "sign-in revoked on request: its access and refresh tokens are dead");
        }
    }

    private void revokeNonExpiring(AuthenticatedClient caller, NonExpiringToken found, Instant now) {
        found.revoke(now);
        audit.record(caller.tenant().id(), now, AuditEventType.TOKEN_REVOKED, caller.app().clientId(), found.subject(),
                null, found.tokenHash(), "non-expiring token revoked");
    }

    private boolean isLive(JWTClaimsSet claims, Instant now) {
        if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
            return false;
        }
        String familyId = JwtClaims.string(claims, "fid");
        if (familyId != null) {
            return families.family(familyId).map(family -> !family.revoked()).orElse(false);
        }
        return claims.getJWTID() == null || em.find(RevokedAccessToken.class, claims.getJWTID()) == null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
