package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.NewRefreshToken;
import dev.tokenkeeper.token.entity.RefreshTokenState;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of refresh tokens and their families, as the rotation rules need it. Every method
 * runs in the caller's transaction. The JPA implementation is the real one; unit tests of the rules
 * use an in-memory one.
 */
public interface RefreshTokenStore {

    Optional<RefreshTokenState> findByHash(String tokenHash);

    Optional<RefreshTokenState> successorOf(String tokenId);

    /**
     * The compare-and-set that spends a token: succeeds for exactly one caller, and only while the
     * token is neither spent nor revoked. The replay blob (the answer, sealed) is written in the
     * same statement so a concurrent retry can never see a spent token without it.
     *
     * @return true when this caller spent it
     */
    boolean spend(String tokenId, Instant now, String replayBlob, Instant replayUntil);

    void insert(NewRefreshToken token);

    String createFamily(String tenantId, String clientId, String subject, Instant now, Instant absoluteExpiry);

    /** @return true when this call revoked the family; false when it already was revoked */
    boolean revokeFamily(String familyId, Instant now, String reason);

    /** @return the family's tenant, or empty when it does not exist */
    Optional<FamilyStatus> family(String familyId);

    /** Forgets sealed answers whose grace window has passed: they are kept only for the window. */
    int purgeReplaysBefore(Instant now);

    record FamilyStatus(String tenantId, String clientId, boolean revoked) {
    }
}
