package dev.tokenkeeper.token.control;

import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.ErrorReason;
import dev.tokenkeeper.token.entity.FamilyState;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.Rotation;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rules of refresh-token rotation, in one place:
 * <ul>
 * <li>a family's live refresh token is spent by one compare-and-set of the family's row, which
 * writes its successor in the same statement; however many requests race, at most one rotates;</li>
 * <li>presenting the immediately previous token again inside the grace window, while its successor
 * is unspent, answers the <em>same</em> pair (two tabs, a lost response);</li>
 * <li>any other reuse of a spent token of the family revokes exactly that family and is audited;</li>
 * <li>each successor lives the app's refresh lifetime from its own issue, never past the family's
 * absolute cap, which rotation never extends.</li>
 * </ul>
 * A routine rotation is one read and one write, each committing on its own: the write is the
 * decision, so a failure before it spends nothing and a failure after it leaves a rotation the
 * client can repeat inside the grace window. It is audited only when
 * {@code tokenkeeper.audit.refreshes} is on (then in the same transaction); retries, reuse and new
 * sign-ins always are.
 */
@ApplicationScoped
public class RefreshGrant {

    private static final Logger LOG = System.getLogger(RefreshGrant.class.getName());

    @Inject
    RefreshTokenStore store;

    @Inject
    RefreshTokenFormat format;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    ReplayVault vault;

    @Inject
    FamilyEvents events;

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

    @Inject
    @ConfigProperty(name = "tokenkeeper.audit.refreshes", defaultValue = "false")
    boolean auditRefreshes;

    /** The first pair of a new family (after a token exchange). */
    public IssuedTokens startFamily(App app, Tenant tenant, String subject) {
        return startFamily(app, tenant, subject, "token exchange");
    }

    /**
     * The first pair of a new family; {@code signIn} names the way in for the audit log ("device
     * flow", "reset"). Runs in the caller's transaction, which holds the audit event too.
     */
    public IssuedTokens startFamily(App app, Tenant tenant, String subject, String signIn) {
        Instant now = clock.instant();
        Instant cap = now.plus(Duration.ofDays(familyCapDays));
        String familyId = UUID.randomUUID().toString();
        IssuedTokens issued = mint(app, tenant, subject, familyId, 0, now, cap);
        String hash = opaqueTokens.hash(issued.refreshToken());
        store.createFamily(familyId, tenant.id(), app.clientId(), subject, now, cap, hash, issued.refreshExpiresAt());
        events.issued(tenant.id(), now, app.clientId(), subject, familyId, hash, signIn + ": new token family");
        return issued;
    }

    public IssuedTokens refresh(App app, Tenant tenant, String presented) {
        if (!format.isWellFormed(presented)) {
            throw OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                    "The refresh token is malformed (wrong prefix, length or checksum): send the refresh_token exactly as it was issued");
        }
        String hash = opaqueTokens.hash(presented);
        FamilyState family = familyOf(presented)
                .filter(found -> found.clientId().equals(app.clientId()))
                .orElseThrow(() -> OAuthException.invalidGrant(ErrorReason.UNKNOWN,
                        "This refresh token is unknown or was not issued to this client"));
        return decide(app, tenant, presented, hash, family, clock.instant(), true);
    }

    /**
     * The family of a refresh token this server issued, whether the token is live or spent: the one
     * it names (after its tag is checked), or, for a token of the earlier format, the one its hash is
     * filed under. Empty for anything else. Read fresh from the database.
     */
    public Optional<FamilyState> familyOf(String presented) {
        Optional<RefreshTokenFormat.Parsed> parsed = format.parse(presented);
        if (parsed.isPresent()) {
            return store.family(parsed.get().familyId());
        }
        if (format.isLegacy(presented)) {
            return store.familyOfLegacyToken(opaqueTokens.hash(presented)).flatMap(store::family);
        }
        return Optional.empty();
    }

    private IssuedTokens decide(App app, Tenant tenant, String presented, String hash, FamilyState family, Instant now,
            boolean firstLook) {
        boolean current = family.isCurrent(hash);
        if (family.revoked()) {
            throw familyIsRevoked(family, current);
        }
        if (!current) {
            return retryOrRevoke(app, presented, hash, family, now);
        }
        if (!now.isBefore(family.currentExpiresAt())) {
            String why = family.currentExpiresAt().equals(family.absoluteExpiresAt())
                    ? "This refresh token reached the absolute lifetime of its sign-in: sign the user in again"
                    : "This refresh token has expired: sign the user in again";
            throw OAuthException.invalidGrant(ErrorReason.EXPIRED, why);
        }
        if (!firstLook) {
            // The compare-and-set failed, yet the row still holds this live token: nothing we know of does that.
            throw new IllegalStateException("Token family " + family.id() + " could not be rotated although its token is live");
        }
        return rotate(app, tenant, presented, hash, family, now);
    }

    private IssuedTokens rotate(App app, Tenant tenant, String presented, String hash, FamilyState family, Instant now) {
        IssuedTokens issued = mint(app, tenant, family.subject(), family.id(), family.generation() + 1, now,
                family.absoluteExpiresAt());
        String replay = null;
        Instant replayUntil = null;
        if (graceSeconds > 0) {
            replay = vault.seal(issued, presented, family.id(), family.generation());
            replayUntil = now.plusSeconds(graceSeconds);
        }
        Rotation rotation = new Rotation(opaqueTokens.hash(issued.refreshToken()), issued.refreshExpiresAt(), now, replay, replayUntil);
        boolean rotated = auditRefreshes
                ? events.rotateAudited(family, hash, rotation)
                : store.rotate(family.id(), family.generation(), hash, rotation);
        if (!rotated) {
            // Lost the race: another request rotated (or revoked) the family first. Decide again on what committed.
            FamilyState after = store.family(family.id()).orElseThrow(
                    () -> OAuthException.invalidGrant(ErrorReason.UNKNOWN, "This refresh token no longer exists"));
            return decide(app, tenant, presented, hash, after, now, false);
        }
        return issued;
    }

    private IssuedTokens retryOrRevoke(App app, String presented, String hash, FamilyState family, Instant now) {
        Optional<IssuedTokens> sameAnswer = sameAnswerInsideGrace(presented, hash, family, now);
        if (sameAnswer.isPresent()) {
            metrics.graceRetry();
            LOG.log(Level.WARNING, "Refresh token replay for client {0}, family {1}: same pair answered again inside the grace window (token hash {2}…)",
                    app.clientId(), family.id(), hash.substring(0, 12));
            events.retried(family, app.clientId(), now, hash);
            return sameAnswer.get();
        }
        metrics.reuse();
        boolean revokedNow = events.revokeForReuse(family, app.clientId(), now, hash);
        LOG.log(Level.WARNING, "Refresh token reuse for client {0}, family {1}: family revoked (token hash {2}…)",
                app.clientId(), family.id(), hash.substring(0, 12));
        if (!revokedNow) {
            LOG.log(Level.DEBUG, "Family {0} was already revoked", family.id());
        }
        throw OAuthException.invalidGrant(ErrorReason.FAMILY_REVOKED,
                "This refresh token was already used; every token of this sign-in has been revoked as a precaution. Sign the user in again");
    }

    /**
     * The sealed answer of the last rotation, when the presented token is the one it spent (so its
     * successor is still unspent: a later rotation would have moved it out of the row), the window
     * is open, and the answer opens with this very token.
     */
    private Optional<IssuedTokens> sameAnswerInsideGrace(String presented, String hash, FamilyState family, Instant now) {
        if (graceSeconds <= 0 || !family.isPrevious(hash) || family.replayBlob() == null || family.replayUntil() == null
                || !now.isBefore(family.replayUntil())) {
            return Optional.empty();
        }
        return vault.open(family.replayBlob(), presented, family.id(), family.generation() - 1);
    }

    private OAuthException familyIsRevoked(FamilyState family, boolean presentedIsCurrent) {
        if (!TokenFamily.REVOKED_FOR_REUSE.equals(family.revokedReason())) {
            return OAuthException.invalidGrant(ErrorReason.REVOKED, "This sign-in was revoked: sign the user in again");
        }
        if (!presentedIsCurrent) {
            return OAuthException.invalidGrant(ErrorReason.REUSED,
                    "This refresh token was already used, and its sign-in was revoked earlier because of reuse: sign the user in again");
        }
        return OAuthException.invalidGrant(ErrorReason.FAMILY_REVOKED,
                "This sign-in was revoked because one of its refresh tokens was used twice: sign the user in again");
    }

    private IssuedTokens mint(App app, Tenant tenant, String subject, String familyId, long generation, Instant now,
            Instant familyCap) {
        Instant accessExpiry = now.plus(app.accessTokenLifetime());
        Instant refreshExpiry = min(now.plus(app.refreshTokenLifetime()), familyCap);
        String refresh = format.issue(familyId, generation);
        String access = accessTokens.issueUserToken(app, tenant, subject, familyId, now, accessExpiry);
        return new IssuedTokens(access, accessExpiry, refresh, refreshExpiry, "");
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
