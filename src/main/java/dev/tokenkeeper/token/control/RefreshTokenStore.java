package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.FamilyState;
import dev.tokenkeeper.token.entity.Rotation;
import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of token families, which hold their refresh tokens as hashes, as the rotation rules
 * need it. A method joins the caller's transaction when there is one and runs on its own
 * (autocommit) otherwise: a routine rotation is a read and one conditional write, no transaction.
 * The JDBC implementation is the real one; unit tests of the rules use an in-memory one.
 */
public interface RefreshTokenStore {

    /** The family's row as committed (or as written by the caller's own transaction). */
    Optional<FamilyState> family(String familyId);

    /** The family of a token issued in the format before families named themselves, found by its hash. */
    Optional<String> familyOfLegacyToken(String tokenHash);

    /** A new family with its first refresh token (generation 0). */
    void createFamily(String familyId, String tenantId, String clientId, String subject, Instant now, Instant absoluteExpiry,
            String firstTokenHash, Instant firstTokenExpiresAt);

    /**
     * The compare-and-set that spends the family's live token: succeeds for exactly one caller, and
     * only while the family is not revoked and {@code spentHash} is still its live token at
     * {@code generation}. The successor and the sealed answer are written in the same statement, so
     * a concurrent retry can never see the token spent without the answer.
     *
     * @return true when this caller rotated the family
     */
    boolean rotate(String familyId, long generation, String spentHash, Rotation rotation);

    /** @return true when this call revoked the family; false when it already was revoked (or does not exist) */
    boolean revokeFamily(String familyId, Instant now, String reason);

    /** Forgets sealed answers whose grace window has passed: they are kept only for the window. */
    int purgeReplaysBefore(Instant now);
}
