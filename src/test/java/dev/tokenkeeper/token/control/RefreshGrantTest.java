package dev.tokenkeeper.token.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.control.InMemoryRefreshTokenStore.TokenState;
import dev.tokenkeeper.token.entity.ErrorReason;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RefreshGrantTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    private static final String SUBJECT = "user-42";
    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(15_811_200);
    private static final Duration DEFAULT_ACCESS = Duration.ofSeconds(28_800);

    /** What the access-token issuer was asked to sign. */
    private record IssuerCall(String clientId, String tenantId, String subject, String familyId, Instant issuedAt,
            Instant expiresAt, String token) {
    }

    private static final Pepper PEPPER = new Pepper("unit-test-pepper-0123456789".getBytes(UTF_8));

    private final OpaqueTokens opaqueTokens = new OpaqueTokens();
    private final RefreshTokenFormat format = new RefreshTokenFormat(PEPPER, opaqueTokens);
    private final AtomicInteger accessTokensIssued = new AtomicInteger();
    private final List<IssuerCall> issuerCalls = new CopyOnWriteArrayList<>();

    private RefreshGrant cut;
    private InMemoryRefreshTokenStore store;
    private RecordingAuditLog audit;
    private MutableClock clock;
    private Tenant tenant;
    private App app;
    private boolean inGrantTransaction;

    /** Reuse is logged at WARNING by design; the races would print dozens of lines. */
    private static final Logger GRANT_LOG = Logger.getLogger(RefreshGrant.class.getName());
    private static Level grantLogLevel;

    @BeforeAll
    static void quietReuseWarnings() {
        grantLogLevel = GRANT_LOG.getLevel();
        GRANT_LOG.setLevel(Level.SEVERE);
    }

    @AfterAll
    static void restoreLogLevel() {
        GRANT_LOG.setLevel(grantLogLevel);
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        store = new InMemoryRefreshTokenStore();
        audit = new RecordingAuditLog();
        tenant = new Tenant("acme", "Acme", START);
        app = new App("Tk1.acme-web", tenant.id(), "Acme web", "not-used-here", Set.of(), true, START);

        cut = new RefreshGrant();
        cut.store = store;
        cut.opaqueTokens = opaqueTokens;
        cut.accessTokens = (forApp, forTenant, subject, familyId, issuedAt, expiresAt) -> {
            String token = "access-" + accessTokensIssued.incrementAndGet();
            issuerCalls.add(new IssuerCall(forApp.clientId(), forTenant.id(), subject, familyId, issuedAt, expiresAt, token));
            return token;
        };
        cut.vault = new ReplayVault(PEPPER, new Sealer());
        cut.format = format;
        cut.events = store.transactionalEvents(audit);
        // The operator's switch tokenkeeper.audit.refreshes: on here, so the tests that count
        // TOKEN_REFRESHED events hold; the tests of the default (off) turn it off themselves.
        cut.auditRefreshes = true;
        cut.clock = clock;
        cut.graceSeconds = 10;
        cut.familyCapDays = 365;
    }

    // --- a new family ---

    @Test
    void startFamilyAnswersAccessTokenAndWellFormedRefreshToken() {
        IssuedTokens issued = start();

        assertEquals("access-1", issued.accessToken());
        assertEquals(START.plus(DEFAULT_ACCESS), issued.accessExpiresAt());
        assertTrue(format.isWellFormed(issued.refreshToken()), issued.refreshToken());
    }

    @Test
    void startFamilyRefreshTokenExpiresAfterTheAppsRefreshLifetime() {
        assertEquals(START.plus(DEFAULT_REFRESH), start().refreshExpiresAt());
    }

    @Test
    void startFamilyUsesShortAppLifetimes() {
        app.lifetimes(Duration.ofMinutes(5), Duration.ofDays(2));

        IssuedTokens issued = start();

        assertEquals(START.plus(Duration.ofMinutes(5)), issued.accessExpiresAt());
        assertEquals(START.plus(Duration.ofDays(2)), issued.refreshExpiresAt());
    }

    @Test
    void startFamilyStoresTheTokenByHashInANewFamilyWithItsCap() {
        IssuedTokens issued = start();

        TokenState stored = state(issued.refreshToken());
        assertEquals(tenant.id(), stored.tenantId());
        assertEquals(app.clientId(), stored.clientId());
        assertEquals(SUBJECT, stored.subject());
        assertEquals(START.plus(DEFAULT_REFRESH), stored.expiresAt());
        assertEquals(START.plus(Duration.ofDays(365)), stored.familyCap());
        assertNull(stored.spentAt());
        assertNull(store.rowByHash(opaqueTokens.hash(issued.refreshToken())).orElseThrow().parentHash());
    }

    @Test
    void startFamilyAsksTheIssuerForTheFamilysSubject() {
        IssuedTokens issued = start();

        IssuerCall call = issuerCalls.get(0);
        assertEquals(app.clientId(), call.clientId());
        assertEquals(tenant.id(), call.tenantId());
        assertEquals(SUBJECT, call.subject());
        assertEquals(state(issued.refreshToken()).familyId(), call.familyId());
        assertEquals(START, call.issuedAt());
        assertEquals(issued.accessExpiresAt(), call.expiresAt());
    }

    @Test
    void startFamilyIsAuditedAsTokenIssued() {
        IssuedTokens issued = start();

        assertEquals(List.of(AuditEventType.TOKEN_ISSUED), audit.types());
        AuditEvent event = audit.last();
        assertEquals(tenant.id(), event.tenantId());
        assertEquals(app.clientId(), event.clientId());
        assertEquals(SUBJECT, event.subject());
        assertEquals(state(issued.refreshToken()).familyId(), event.familyId());
        assertEquals(opaqueTokens.hash(issued.refreshToken()), event.tokenHash());
        assertEquals(START, event.occurredAt());
    }

    // --- rotation ---

    @Test
    void refreshAnswersANewDifferentPair() {
        IssuedTokens first = start();
        clock.advance(Duration.ofMinutes(1));

        IssuedTokens second = refresh(first.refreshToken());

        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertNotEquals(first.accessToken(), second.accessToken());
        assertTrue(format.isWellFormed(second.refreshToken()));
        assertEquals(clock.instant().plus(DEFAULT_ACCESS), second.accessExpiresAt());
    }

    @Test
    void refreshSpendsThePresentedToken() {
        IssuedTokens first = start();
        clock.advance(Duration.ofMinutes(1));

        IssuedTokens second = refresh(first.refreshToken());

        TokenState spent = state(first.refreshToken());
        assertEquals(clock.instant(), spent.spentAt());
        assertEquals(spent.tokenHash(), store.rowByHash(opaqueTokens.hash(second.refreshToken())).orElseThrow().parentHash());
        assertEquals(spent.familyId(), state(second.refreshToken()).familyId());
        assertNull(state(second.refreshToken()).spentAt());
    }

    @Test
    void refreshIsAuditedAsTokenRefreshed() {
        IssuedTokens first = start();

        refresh(first.refreshToken());

        assertEquals(List.of(AuditEventType.TOKEN_ISSUED, AuditEventType.TOKEN_REFRESHED), audit.types());
        assertEquals(opaqueTokens.hash(first.refreshToken()), audit.last().tokenHash());
        assertEquals(SUBJECT, audit.last().subject());
    }

    @Test
    void refreshedTokenLivesTheRefreshLifetimeFromItsOwnIssue() {
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        IssuedTokens first = start();
        clock.advance(Duration.ofDays(1));

        IssuedTokens second = refresh(first.refreshToken());

        assertEquals(START.plus(Duration.ofDays(3)), second.refreshExpiresAt());
        assertEquals(START.plus(Duration.ofDays(3)), state(second.refreshToken()).expiresAt());
    }

    @Test
    void eachSuccessorRefreshesInAChainOfFive() {
        String token = start().refreshToken();
        Set<String> seen = new HashSet<>(Set.of(token));

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            token = refresh(token).refreshToken();
            assertTrue(seen.add(token), "a refresh token came back twice: " + token);
        }

        assertEquals(5, audit.ofType(AuditEventType.TOKEN_REFRESHED).size());
        assertEquals(5, store.committedSpends());
        assertEquals(6, store.tokenCount());
        assertEquals(Map.of(state(token).familyId(), 1L), store.liveTokensPerFamily(clock.instant()));
    }

    @Test
    void routineRotationsWriteNoAuditEventWhenRefreshesAreNotAudited() {
        cut.auditRefreshes = false;
        String token = start().refreshToken();

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            token = refresh(token).refreshToken();
        }

        assertEquals(List.of(AuditEventType.TOKEN_ISSUED), audit.types());
        assertEquals(3, store.committedSpends());
        assertEquals(Map.of(state(token).familyId(), 1L), store.liveTokensPerFamily(clock.instant()));
    }

    @Test
    void retryAndReuseAreAuditedEvenWhenRefreshesAreNot() {
        cut.auditRefreshes = false;
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());

        assertEquals(second, refresh(first.refreshToken()));
        clock.advance(Duration.ofSeconds(11));
        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(first.refreshToken()));

        assertEquals(List.of(AuditEventType.TOKEN_ISSUED, AuditEventType.REFRESH_RETRIED, AuditEventType.REFRESH_REUSED),
                audit.types());
        assertEquals(opaqueTokens.hash(first.refreshToken()), audit.last().tokenHash());
        assertTrue(store.family(state(first.refreshToken()).familyId()).orElseThrow().revoked());
    }

    @Test
    void refreshTokenNamesItsFamilyAndTheNextGeneration() {
        IssuedTokens first = start();
        String familyId = state(first.refreshToken()).familyId();

        IssuedTokens second = refresh(first.refreshToken());

        assertEquals(new RefreshTokenFormat.Parsed(familyId, 0), format.parse(first.refreshToken()).orElseThrow());
        assertEquals(new RefreshTokenFormat.Parsed(familyId, 1), format.parse(second.refreshToken()).orElseThrow());
        assertEquals(1, store.family(familyId).orElseThrow().generation());
    }

    // --- the grace window ---

    @Test
    void retryInsideGraceAnswersTheSamePair() {
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(5));

        IssuedTokens retried = refresh(first.refreshToken());

        assertEquals(second.accessToken(), retried.accessToken());
        assertEquals(second.refreshToken(), retried.refreshToken());
        assertEquals(second, retried);
    }

    @Test
    void retryJustBeforeGraceEndsAnswersTheSamePair() {
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(10).minusMillis(1));

        assertEquals(second, refresh(first.refreshToken()));
    }

    @Test
    void retryInsideGraceIsAuditedAsRefreshRetried() {
        IssuedTokens first = start();
        refresh(first.refreshToken());

        refresh(first.refreshToken());

        assertEquals(List.of(AuditEventType.TOKEN_ISSUED, AuditEventType.TOKEN_REFRESHED, AuditEventType.REFRESH_RETRIED),
                audit.types());
        assertEquals(opaqueTokens.hash(first.refreshToken()), audit.last().tokenHash());
    }

    @Test
    void retryInsideGraceKeepsTheFamilyLive() {
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(1));

        IssuedTokens third = refresh(second.refreshToken());

        assertNotEquals(second.refreshToken(), third.refreshToken());
        assertFalse(store.family(state(first.refreshToken()).familyId()).orElseThrow().revoked());
        assertEquals(1, store.childrenOf(state(first.refreshToken()).tokenHash()).size());
        assertEquals(2, store.committedSpends());
    }

    @Test
    void reuseAfterGraceRevokesTheFamily() {
        IssuedTokens first = start();
        refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        OAuthException refusal = refused(first.refreshToken());

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refusal);
        TokenState after = state(first.refreshToken());
        assertTrue(store.family(after.familyId()).orElseThrow().revoked());
        assertEquals(TokenFamily.REVOKED_FOR_REUSE, after.familyRevokedReason());
        assertEquals(clock.instant(), after.familyRevokedAt());
    }

    @Test
    void reuseAfterGraceIsAuditedAsRefreshReused() {
        IssuedTokens first = start();
        refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        refused(first.refreshToken());

        assertEquals(AuditEventType.REFRESH_REUSED, audit.last().type());
        assertEquals(state(first.refreshToken()).familyId(), audit.last().familyId());
        assertEquals(opaqueTokens.hash(first.refreshToken()), audit.last().tokenHash());
    }

    @Test
    void successorOfAReusedTokenIsRefusedAsFamilyRevoked() {
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));
        refused(first.refreshToken());

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(second.refreshToken()));
        assertNull(state(second.refreshToken()).spentAt());
    }

    @Test
    void reusedTokenPresentedOnceMoreIsRefusedAsReused() {
        IssuedTokens first = start();
        refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));
        refused(first.refreshToken());

        assertInvalidGrant(ErrorReason.REUSED, refused(first.refreshToken()));
    }

    @Test
    void withoutGraceAnySecondUseRevokesTheFamily() {
        cut.graceSeconds = 0;
        IssuedTokens first = start();
        refresh(first.refreshToken());

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(first.refreshToken()));
        assertTrue(store.family(state(first.refreshToken()).familyId()).orElseThrow().revoked());
    }

    @Test
    void withoutGraceNoReplayIsKept() {
        cut.graceSeconds = 0;
        IssuedTokens first = start();

        refresh(first.refreshToken());

        assertNull(state(first.refreshToken()).replayBlob());
        assertNull(state(first.refreshToken()).replayUntil());
    }

    @Test
    void reuseOfATokenTwoGenerationsOldRevokesTheFamilyEvenInsideGrace() {
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        IssuedTokens third = refresh(second.refreshToken());
        clock.advance(Duration.ofSeconds(1));

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(first.refreshToken()));
        assertTrue(store.family(state(third.refreshToken()).familyId()).orElseThrow().revoked());
        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(third.refreshToken()));
    }

    @Test
    void oldTokenPresentedAfterTwentyRotationsIsReuseAndRevokesTheFamily() {
        List<String> chain = new ArrayList<>(List.of(start().refreshToken()));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            chain.add(refresh(chain.get(chain.size() - 1)).refreshToken());
        }
        String familyId = state(chain.get(0)).familyId();
        assertEquals(20, store.family(familyId).orElseThrow().generation());
        clock.advance(Duration.ofSeconds(1));

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(chain.get(3)));

        TokenState after = state(chain.get(3));
        assertEquals(TokenFamily.REVOKED_FOR_REUSE, after.familyRevokedReason());
        assertEquals(clock.instant(), after.familyRevokedAt());
        assertEquals(AuditEventType.REFRESH_REUSED, audit.last().type());
        assertEquals(opaqueTokens.hash(chain.get(3)), audit.last().tokenHash());
        assertEquals(familyId, audit.last().familyId());
        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(chain.get(20)));
        assertInvalidGrant(ErrorReason.REUSED, refused(chain.get(0)));
        assertEquals(Map.of(), store.liveTokensPerFamily(clock.instant()));
    }

    @Test
    void reuseRevokesOnlyItsOwnFamily() {
        IssuedTokens mine = start();
        IssuedTokens theirs = start();
        refresh(mine.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        refused(mine.refreshToken());

        assertTrue(store.family(state(mine.refreshToken()).familyId()).orElseThrow().revoked());
        assertFalse(store.family(state(theirs.refreshToken()).familyId()).orElseThrow().revoked());
        assertTrue(format.isWellFormed(refresh(theirs.refreshToken()).refreshToken()));
    }

    // --- tokens that are not this client's, or not ours ---

    @Test
    void tokenPresentedByAnotherClientIsUnknown() {
        App other = new App("Tk1.acme-cli", tenant.id(), "Acme CLI", "not-used-here", Set.of(), true, START);
        IssuedTokens first = start();

        OAuthException refusal = assertThrows(OAuthException.class, () -> refresh(other, first.refreshToken()));

        assertInvalidGrant(ErrorReason.UNKNOWN, refusal);
        assertNull(state(first.refreshToken()).spentAt());
        assertEquals(List.of(AuditEventType.TOKEN_ISSUED), audit.types());
    }

    @Test
    void malformedTokensAreUnknown() {
        String good = start().refreshToken();
        String badChecksum = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");

        for (String malformed : new String[] {null, "", "tkr_short", badChecksum, "tko_" + good.substring(4), good + "x"}) {
            assertInvalidGrant(ErrorReason.UNKNOWN, refused(malformed));
        }
        assertNull(state(good).spentAt());
    }

    @Test
    void wellFormedTokenThatWasNeverIssuedIsUnknown() {
        start();

        assertInvalidGrant(ErrorReason.UNKNOWN, refused(opaqueTokens.generate(TokenKind.REFRESH)));
    }

    @Test
    void spentTokenPresentedByAnotherClientIsUnknownAndDoesNotRevokeTheFamily() {
        App other = new App("Tk1.acme-cli", tenant.id(), "Acme CLI", "not-used-here", Set.of(), true, START);
        IssuedTokens first = start();
        IssuedTokens second = refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        OAuthException refusal = assertThrows(OAuthException.class, () -> refresh(other, first.refreshToken()));

        assertInvalidGrant(ErrorReason.UNKNOWN, refusal);
        assertFalse(store.family(state(first.refreshToken()).familyId()).orElseThrow().revoked());
        assertFalse(audit.types().contains(AuditEventType.REFRESH_REUSED));
        assertTrue(format.isWellFormed(refresh(second.refreshToken()).refreshToken()));
    }

    @Test
    void forgedTokenNamingARealFamilyIsUnknownAndDoesNotRevokeIt() {
        IssuedTokens first = start();
        String familyId = state(first.refreshToken()).familyId();
        refresh(first.refreshToken());
        clock.advance(Duration.ofSeconds(11));
        // Right prefix, length and checksum, naming the family and a spent generation: only the tag is wrong.
        RefreshTokenFormat anotherServer = new RefreshTokenFormat(
                new Pepper("another-pepper-0123456789".getBytes(UTF_8)), opaqueTokens);

        for (long generation : new long[] {0, 1, 2}) {
            String forged = anotherServer.issue(familyId, generation);
            assertTrue(format.isWellFormed(forged), forged);
            assertInvalidGrant(ErrorReason.UNKNOWN, refused(forged));
        }

        assertFalse(store.family(familyId).orElseThrow().revoked());
        assertFalse(audit.types().contains(AuditEventType.REFRESH_REUSED));
        assertEquals(Map.of(familyId, 1L), store.liveTokensPerFamily(clock.instant()));
    }

    @Test
    void genuineTokenNamingAFamilyThatDoesNotExistIsUnknown() {
        start();

        assertInvalidGrant(ErrorReason.UNKNOWN, refused(format.issue(UUID.randomUUID().toString(), 0)));
    }

    // --- expiry and the family cap ---

    @Test
    void tokenPastItsRefreshLifetimeIsRefusedAsExpired() {
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        IssuedTokens first = start();
        clock.advance(Duration.ofDays(2).plusSeconds(1));

        assertInvalidGrant(ErrorReason.EXPIRED, refused(first.refreshToken()));
    }

    @Test
    void tokenJustBeforeItsExpiryStillRefreshes() {
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        IssuedTokens first = start();
        clock.advance(Duration.ofDays(2).minusSeconds(1));

        assertTrue(format.isWellFormed(refresh(first.refreshToken()).refreshToken()));
    }

    @Test
    void expiredTokenDoesNotRevokeTheFamily() {
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        IssuedTokens first = start();
        clock.advance(Duration.ofDays(3));

        refused(first.refreshToken());

        assertFalse(store.family(state(first.refreshToken()).familyId()).orElseThrow().revoked());
        assertNull(state(first.refreshToken()).spentAt());
        assertFalse(audit.types().contains(AuditEventType.REFRESH_REUSED));
    }

    @Test
    void firstTokenOfAFamilyExpiresAtTheFamilyCap() {
        cut.familyCapDays = 1;
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));

        IssuedTokens first = start();

        assertEquals(START.plus(Duration.ofDays(1)), first.refreshExpiresAt());
        assertEquals(START.plus(Duration.ofDays(1)), state(first.refreshToken()).familyCap());
    }

    @Test
    void rotationNeverExtendsTheFamilyCap() {
        cut.familyCapDays = 1;
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        Instant cap = START.plus(Duration.ofDays(1));
        String token = start().refreshToken();

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofHours(5));
            IssuedTokens next = refresh(token);
            assertEquals(cap, next.refreshExpiresAt(), "rotation " + (i + 1));
            assertEquals(cap, state(next.refreshToken()).expiresAt());
            assertEquals(cap, state(next.refreshToken()).familyCap());
            token = next.refreshToken();
        }
    }

    @Test
    void tokenPastTheFamilyCapIsRefusedAsExpired() {
        cut.familyCapDays = 1;
        app.lifetimes(Duration.ofHours(1), Duration.ofDays(2));
        IssuedTokens first = start();
        clock.advance(Duration.ofHours(12));
        IssuedTokens second = refresh(first.refreshToken());
        clock.set(START.plus(Duration.ofDays(1)).plusSeconds(1));

        OAuthException refusal = refused(second.refreshToken());

        assertInvalidGrant(ErrorReason.EXPIRED, refusal);
        assertTrue(refusal.getMessage().contains("absolute lifetime"), refusal.getMessage());
    }

    // --- revocation ---

    @Test
    void tokenOfAFamilyRevokedOnRequestIsRefusedAsRevoked() {
        IssuedTokens first = start();
        assertTrue(store.revokeFamily(state(first.refreshToken()).familyId(), START, TokenFamily.REVOKED_ON_REQUEST));

        assertInvalidGrant(ErrorReason.REVOKED, refused(first.refreshToken()));
    }

    @Test
    void spentTokenOfAFamilyRevokedOnRequestIsRefusedAsRevokedWithoutReuseAudit() {
        IssuedTokens first = start();
        refresh(first.refreshToken());
        store.revokeFamily(state(first.refreshToken()).familyId(), START, TokenFamily.REVOKED_ON_REQUEST);

        assertInvalidGrant(ErrorReason.REVOKED, refused(first.refreshToken()));
        assertFalse(audit.types().contains(AuditEventType.REFRESH_REUSED));
    }

    // --- tokens of the earlier format (issued before families named themselves) ---

    @Test
    void legacyTokenRotatesOnceAndItsReuseThenRevokesTheFamily() {
        String legacy = opaqueTokens.generate(TokenKind.REFRESH);
        String familyId = UUID.randomUUID().toString();
        store.seedLegacyFamily(familyId, tenant.id(), app.clientId(), SUBJECT, START, START.plus(Duration.ofDays(365)),
                opaqueTokens.hash(legacy), START.plus(DEFAULT_REFRESH));
        assertTrue(format.isLegacy(legacy));
        clock.advance(Duration.ofMinutes(1));

        IssuedTokens second = refresh(legacy);

        assertEquals(new RefreshTokenFormat.Parsed(familyId, 1), format.parse(second.refreshToken()).orElseThrow());
        assertEquals(clock.instant(), state(legacy).spentAt());
        assertEquals(second, refresh(legacy), "a retry inside the grace window answers the same pair");
        clock.advance(Duration.ofSeconds(11));

        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(legacy));
        assertTrue(store.family(familyId).orElseThrow().revoked());
        assertEquals(TokenFamily.REVOKED_FOR_REUSE, state(legacy).familyRevokedReason());
        assertInvalidGrant(ErrorReason.FAMILY_REVOKED, refused(second.refreshToken()));
        assertEquals(1, store.committedSpends());
    }

    // --- races ---

    @RepeatedTest(5)
    void concurrentRefreshesInsideGraceAllAnswerTheSamePairAndSpendOnce() throws Exception {
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAnsweredToAll(original, outcomes);
    }

    @RepeatedTest(3)
    void requestsThatAllReadTheLiveTokenBeforeTheFirstCommitsAllAnswerTheSamePair() throws Exception {
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAnsweredToAll(original, outcomes);
    }

    @RepeatedTest(5)
    void concurrentRefreshesWithoutGraceLetExactlyOneSucceed() throws Exception {
        cut.graceSeconds = 0;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAndTheRestRefused(original, outcomes);
    }

    @RepeatedTest(3)
    void requestsThatAllReadTheLiveTokenBeforeTheFirstCommitsWithoutGraceLetExactlyOneSucceed() throws Exception {
        cut.graceSeconds = 0;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAndTheRestRefused(original, outcomes);
    }

    @RepeatedTest(3)
    void racingRoutineRotationsThatAreNotAuditedAllAnswerTheSamePairAndSpendOnce() throws Exception {
        cut.auditRefreshes = false;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneUnauditedRotationAnsweredToAll(original, outcomes);
    }

    @RepeatedTest(3)
    void racingRoutineRotationsThatAreNotAuditedWithoutGraceLetExactlyOneSucceed() throws Exception {
        cut.auditRefreshes = false;
        cut.graceSeconds = 0;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAndTheRestRefused(original, outcomes);
    }

    @RepeatedTest(3)
    void racingRefreshesInsideTheGrantTransactionAllAnswerTheSamePair() throws Exception {
        inGrantTransaction = true;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAnsweredToAll(original, outcomes);
    }

    @RepeatedTest(3)
    void racingRefreshesInsideTheGrantTransactionWithoutGraceLetExactlyOneSucceed() throws Exception {
        inGrantTransaction = true;
        cut.graceSeconds = 0;
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        store.holdFirstSpendUntilReads(32);

        List<Object> outcomes = race(32, first.refreshToken());

        assertOneRotationAndTheRestRefused(original, outcomes);
    }

    @RepeatedTest(3)
    void revokeRacingRefreshesLeavesNoLiveToken() throws Exception {
        IssuedTokens first = start();
        TokenState original = state(first.refreshToken());
        ExecutorService revoker = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<Boolean> revoked = revoker.submit(() -> {
                go.await(5, TimeUnit.SECONDS);
                return store.revokeFamily(original.familyId(), START, TokenFamily.REVOKED_ON_REQUEST);
            });
            go.countDown();
            List<Object> outcomes = race(16, first.refreshToken());

            assertTrue(revoked.get(10, TimeUnit.SECONDS));
            for (Object outcome : outcomes) {
                if (outcome instanceof OAuthException refusal) {
                    assertEquals(ErrorReason.REVOKED, refusal.reason(), refusal.getMessage());
                }
            }
            assertTrue(store.committedSpends() <= 1);
            assertEquals(Map.of(), store.liveTokensPerFamily(clock.instant()));
            assertFalse(audit.types().contains(AuditEventType.REFRESH_REUSED));
        } finally {
            revoker.shutdownNow();
        }
    }

    private void assertOneRotationAnsweredToAll(TokenState original, List<Object> outcomes) {
        IssuedTokens answer = assertInstanceOf(IssuedTokens.class, outcomes.get(0), String.valueOf(outcomes.get(0)));
        for (Object outcome : outcomes) {
            assertEquals(answer, outcome);
        }
        assertEquals(1, store.committedSpends());
        assertEquals(1, store.childrenOf(original.tokenHash()).size());
        assertEquals(opaqueTokens.hash(answer.refreshToken()), store.childrenOf(original.tokenHash()).get(0).tokenHash());
        assertEquals(Map.of(original.familyId(), 1L), store.liveTokensPerFamily(clock.instant()));
        assertEquals(1, audit.ofType(AuditEventType.TOKEN_REFRESHED).size());
        assertEquals(outcomes.size() - 1, audit.ofType(AuditEventType.REFRESH_RETRIED).size());
    }

    private void assertOneUnauditedRotationAnsweredToAll(TokenState original, List<Object> outcomes) {
        IssuedTokens answer = assertInstanceOf(IssuedTokens.class, outcomes.get(0), String.valueOf(outcomes.get(0)));
        for (Object outcome : outcomes) {
            assertEquals(answer, outcome);
        }
        assertEquals(1, store.committedSpends());
        assertEquals(1, store.childrenOf(original.tokenHash()).size());
        assertEquals(opaqueTokens.hash(answer.refreshToken()), store.childrenOf(original.tokenHash()).get(0).tokenHash());
        assertEquals(Map.of(original.familyId(), 1L), store.liveTokensPerFamily(clock.instant()));
        assertEquals(0, audit.ofType(AuditEventType.TOKEN_REFRESHED).size());
        assertEquals(outcomes.size() - 1, audit.ofType(AuditEventType.REFRESH_RETRIED).size());
    }

    private void assertOneRotationAndTheRestRefused(TokenState original, List<Object> outcomes) {
        List<Object> successes = outcomes.stream().filter(IssuedTokens.class::isInstance).toList();
        assertEquals(1, successes.size(), outcomes::toString);
        for (Object outcome : outcomes) {
            if (outcome instanceof OAuthException refusal) {
                assertEquals(OAuthError.INVALID_GRANT, refusal.error());
                assertTrue(Set.of(ErrorReason.FAMILY_REVOKED, ErrorReason.REUSED).contains(refusal.reason()),
                        String.valueOf(refusal.reason()));
            } else {
                assertInstanceOf(IssuedTokens.class, outcome);
            }
        }
        assertEquals(1, store.committedSpends());
        assertEquals(1, store.childrenOf(original.tokenHash()).size());
        assertTrue(store.family(original.familyId()).orElseThrow().revoked());
        assertEquals(Map.of(), store.liveTokensPerFamily(clock.instant()));
    }

    // --- helpers ---

    private IssuedTokens start() {
        return store.inTransaction(() -> cut.startFamily(app, tenant, SUBJECT));
    }

    private IssuedTokens refresh(String token) {
        return refresh(app, token);
    }

    /**
     * As the token endpoint calls the grant: outside any transaction (TokenGrants.refresh, the
     * endpoint's route), or, with {@link #inGrantTransaction}, inside the transaction of
     * TokenGrants.grant, which commits even when the grant refuses.
     */
    private IssuedTokens refresh(App as, String token) {
        return inGrantTransaction
                ? store.inTransaction(() -> cut.refresh(as, tenant, token))
                : cut.refresh(as, tenant, token);
    }

    private OAuthException refused(String token) {
        return assertThrows(OAuthException.class, () -> refresh(token), "refresh of " + token + " was not refused");
    }

    /** What the store's history and the family's committed row say about one token. */
    private TokenState state(String token) {
        return store.tokenState(opaqueTokens.hash(token)).orElseThrow();
    }

    private static void assertInvalidGrant(ErrorReason expected, OAuthException refusal) {
        assertEquals(OAuthError.INVALID_GRANT, refusal.error(), refusal.getMessage());
        assertEquals(expected, refusal.reason(), refusal.getMessage());
    }

    /** Every thread presents the same token at once, each in its own transaction; returns answers and refusals. */
    private List<Object> race(int threads, String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(5, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the start gate never opened");
                    }
                    try {
                        return refresh(token);
                    } catch (OAuthException refusal) {
                        return refusal;
                    }
                }));
            }
            assertTrue(ready.await(5, TimeUnit.SECONDS), "not every thread reached the start gate");
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(10, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }
}
