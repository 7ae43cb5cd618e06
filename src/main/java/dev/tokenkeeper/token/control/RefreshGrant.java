package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.ErrorReason;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.NewRefreshToken;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.RefreshToken;
import dev.tokenkeeper.token.entity.RefreshTokenState;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rules of refresh-token rotation, in one place:
 * <ul>
 * <li>a live refresh token is spent by one compare-and-set, in the same transaction that stores its
 * successor; however many requests race, at most one rotates;</li>
 * <li>presenting the immediately previous token again inside the grace window, while its successor
 * is unspent, answers the <em>same</em> pair (two tabs, a lost response);</li>
 * <li>any other reuse of a spent token revokes exactly its family and is audited;</li>
 * <li>each successor lives the app's refresh lifetime from its own issue, never past the family's
 * absolute cap, which rotation never extends.</li>
 * </ul>
 * Callers run it inside a transaction that commits even when an {@link OAuthException} is thrown,
 * so a family revoked for reuse stays revoked.
 */
@ApplicationScoped
public class RefreshGrant {

    private static final Logger LOG = System.getLogger(RefreshGrant.class.getName());

    @Inject
    RefreshTokenStore store;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    ReplayVault vault;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Counts nothing until CDI injects the real one (a unit test builds this class with new). */
    @Inject
    TokenMetrics metrics = new TokenMetrics();

    @Inject
    @ConfigProperty(name = "tokenkeeper.refresh.grace-seconds", defaultValue = "10")
    long graceSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.refresh.family-cap-days", defaultValue = "365")
    long familyCapDays;

    /** The first pair of a new family (after a token exchange). */
    public IssuedTokens startFamily(App app, Tenant tenant, String subject) {
        return startFamily(app, tenant, subject, "token exchange");
    }

    /** The first pair of a new family; {@code signIn} names the way in for the audit log ("device flow", "reset"). */
    public IssuedTokens startFamily(App app, Tenant tenant, String subject, String signIn) {
        Instant now = clock.instant();
        Instant cap = now.plus(Duration.ofDays(familyCapDays));
        String familyId = store.createFamily(tenant.id(), app.clientId(), subject, now, cap);
        IssuedTokens issued = mint(app, tenant, subject, familyId, now, cap);
        store.insert(new NewRefreshToken(RefreshToken.newId(), familyId, null,
                opaqueTokens.hash(issued.refreshToken()), now, issued.refreshExpiresAt()));
        audit.record(tenant.id(), now, AuditEventType.TOKEN_ISSUED, app.clientId(), subject, familyId,
                opaqueTokens.hash(issued.refreshToken()), signIn + ": new token family");
        return issued;
    }

    public IssuedTokens refresh(App app, Tenant tenant, String presented) {
        if (!opaqueTokens.isWellFormed(presented, TokenKind.REFRESH)) {
            throw OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                    "The refresh token is malformed (wrong prefix, length or checksum): send the refresh_token exactly as it was issued");
        }
        String hash = opaqueTokens.hash(presented);
        RefreshTokenState token = store.findByHash(hash)
                .filter(found -> found.clientId().equals(app.clientId()))
                .orElseThrow(() -> OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                        "This refresh token is unknown or was not issued to this client"));
        return decide(app, tenant, presented, hash, token, clock.instant(), true);
    }

    private IssuedTokens decide(App app, Tenant tenant, String presented, String hash, RefreshTokenState token,
            Instant now, boolean firstLook) {
        if (token.familyRevoked()) {
            throw familyIsRevoked(token);
        }
        if (token.revokedAt() != null) {
            throw OAuthException.invalidGrant(ErrorReason.REVOKED, "This refresh token was revoked: sign the user in again");
        }
        if (token.spent()) {
            return retryOrRevoke(app, presented, hash, token, now);
        }
        if (!now.isBefore(token.expiresAt())) {
            String why = token.expiresAt().equals(token.familyCap())
                    ? "This refresh token reached the absolute lifetime of its sign-in: sign the user in again"
                    : "This refresh token has expired: sign the user in again";
            throw OAuthException.invalidGrant(ErrorReason.EXPIRED, why);
        }
        if (!firstLook) {
            // The compare-and-set failed, yet the row is live: nothing we know of does that.
            throw new IllegalStateException("Refresh token " + token.id() + " could not be spent although it is live");
        }
        return rotate(app, tenant, presented, hash, token, now);
    }

    private IssuedTokens rotate(App app, Tenant tenant, String presented, String hash, RefreshTokenState token, Instant now) {
        String successorId = RefreshToken.newId();
        IssuedTokens issued = mint(app, tenant, token.subject(), token.familyId(), now, token.familyCap());
        String replay = null;
        Instant replayUntil = null;
        if (graceSeconds > 0) {
            replay = vault.seal(issued, presented, token.id());
            replayUntil = now.plusSeconds(graceSeconds);
        }
        if (!store.spend(token.id(), now, replay, replayUntil)) {
            // Lost the race: another request spent (or revoked) it first. Decide again on what committed.
            RefreshTokenState after = store.findByHash(hash).orElseThrow(
                    () -> OAuthException.invalidGrant(ErrorReason.UNKNOWN, "This refresh token no longer exists"));
            return decide(app, tenant, presented, hash, after, now, false);
        }
        store.insert(new NewRefreshToken(successorId, token.familyId(), token.id(),
                opaqueTokens.hash(issued.refreshToken()), now, issued.refreshExpiresAt()));
        audit.record(tenant.id(), now, AuditEventType.TOKEN_REFRESHED, app.clientId(), token.subject(),
                token.familyId(), hash, null);
        return issued;
    }

    private IssuedTokens retryOrRevoke(App app, String presented, String hash, RefreshTokenState token, Instant now) {
        Optional<IssuedTokens> sameAnswer = sameAnswerInsideGrace(presented, token, now);
        if (sameAnswer.isPresent()) {
            metrics.graceRetry();
            LOG.log(Level.WARNING, "Refresh token replay for client {0}, family {1}: same pair answered again inside the grace window (token hash {2}…)",
                    app.clientId(), token.familyId(), hash.substring(0, 12));
            audit.record(token.tenantId(), now, AuditEventType.REFRESH_RETRIED, app.clientId(), token.subject(),
                    token.familyId(), hash, "idempotent retry inside the grace window: same pair answered again");
            return sameAnswer.get();
        }
        metrics.reuse();
        boolean revokedNow = store.revokeFamily(token.familyId(), now, TokenFamily.REVOKED_FOR_REUSE);
        audit.record(token.tenantId(), now, AuditEventType.REFRESH_REUSED, app.clientId(), token.subject(),
                token.familyId(), hash, revokedNow ? "spent refresh token presented again: token family revoked"
                        : "spent refresh token presented again: token family was already revoked");
        LOG.log(Level.WARNING, "Refresh token reuse for client {0}, family {1}: family revoked (token hash {2}…)",
                app.clientId(), token.familyId(), hash.substring(0, 12));
        throw OAuthException.invalidGrant(ErrorReason.FAMILY_REVOKED,
                "This refresh token was already used; every token of this sign-in has been revoked as a precaution. Sign the user in again");
    }

    private Optional<IssuedTokens> sameAnswerInsideGrace(String presented, RefreshTokenState token, Instant now) {
        if (graceSeconds <= 0 || token.replayBlob() == null || token.replayUntil() == null
                || !now.isBefore(token.replayUntil())) {
            return Optional.empty();
        }
        Optional<RefreshTokenState> successor = store.successorOf(token.id());
        if (successor.isEmpty() || successor.get().spent() || successor.get().revokedAt() != null) {
            return Optional.empty();
        }
        return vault.open(token.replayBlob(), presented, token.id());
    }

    private OAuthException familyIsRevoked(RefreshTokenState token) {
        if (!TokenFamily.REVOKED_FOR_REUSE.equals(token.familyRevokedReason())) {
            return OAuthException.invalidGrant(ErrorReason.REVOKED, "This sign-in was revoked: sign the user in again");
        }
        if (token.spent()) {
            return OAuthException.invalidGrant(ErrorReason.REUSED,
                    "This refresh token was already used, and its sign-in was revoked earlier because of reuse: sign the user in again");
        }
        return OAuthException.invalidGrant(ErrorReason.FAMILY_REVOKED,
                "This sign-in was revoked because one of its refresh tokens was used twice: sign the user in again");
    }

    private IssuedTokens mint(App app, Tenant tenant, String subject, String familyId, Instant now, Instant familyCap) {
        Instant accessExpiry = now.plus(app.accessTokenLifetime());
        Instant refreshExpiry = min(now.plus(app.refreshTokenLifetime()), familyCap);
        String refresh = opaqueTokens.generate(TokenKind.REFRESH);
        String access = accessTokens.issueUserToken(app, tenant, subject, familyId, now, accessExpiry);
        return new IssuedTokens(access, accessExpiry, refresh, refreshExpiry, "");
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
