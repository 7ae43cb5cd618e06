package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.NewRefreshToken;
import dev.tokenkeeper.token.entity.RefreshToken;
import dev.tokenkeeper.token.entity.RefreshTokenState;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Refresh tokens in the database. Reads are projections (fresh from the database every time);
 * writes that decide races are single conditional UPDATE statements, so the database's row lock
 * arbitrates: on PostgreSQL (READ COMMITTED) a second UPDATE of the same row waits for the first
 * transaction and then re-checks its WHERE clause against the committed row.
 */
@ApplicationScoped
public class JpaRefreshTokenStore implements RefreshTokenStore {

    private static final String STATE = "SELECT NEW dev.tokenkeeper.token.entity.RefreshTokenState("
            + "r.id, r.familyId, f.tenantId, f.clientId, f.subject, r.expiresAt, r.spentAt, r.revokedAt, "
            + "r.replayBlob, r.replayUntil, f.absoluteExpiresAt, f.revokedAt, f.revokedReason) "
            + "FROM RefreshToken r, TokenFamily f WHERE r.familyId = f.id AND ";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    TokenMetrics metrics;

    @Override
    public Optional<RefreshTokenState> findByHash(String tokenHash) {
        return first(em.createQuery(STATE + "r.tokenHash = :hash", RefreshTokenState.class)
                .setParameter("hash", tokenHash).getResultList());
    }

    @Override
    public Optional<RefreshTokenState> successorOf(String tokenId) {
        return first(em.createQuery(STATE + "r.parentId = :parent", RefreshTokenState.class)
                .setParameter("parent", tokenId).getResultList());
    }

    @Override
    public boolean spend(String tokenId, Instant now, String replayBlob, Instant replayUntil) {
        return em.createQuery("UPDATE RefreshToken r SET r.spentAt = :now, r.replayBlob = :blob, r.replayUntil = :until "
                        + "WHERE r.id = :id AND r.spentAt IS NULL AND r.revokedAt IS NULL")
                .setParameter("now", now.toEpochMilli())
                .setParameter("blob", replayBlob)
                .setParameter("until", replayUntil == null ? null : replayUntil.toEpochMilli())
                .setParameter("id", tokenId)
                .executeUpdate() == 1;
    }

    @Override
    public void insert(NewRefreshToken token) {
        em.persist(new RefreshToken(token.id(), token.familyId(), token.parentId(), token.tokenHash(),
                token.issuedAt(), token.expiresAt()));
    }

    @Override
    public String createFamily(String tenantId, String clientId, String subject, Instant now, Instant absoluteExpiry) {
        TokenFamily family = new TokenFamily(tenantId, clientId, subject, now, absoluteExpiry);
        em.persist(family);
        // The family row must exist before its first token's row (a foreign key EclipseLink does not know of).
        em.flush();
        return family.id();
    }

    @Override
    public boolean revokeFamily(String familyId, Instant now, String reason) {
        return metrics.familyRevoked(em.createQuery("UPDATE TokenFamily f SET f.revokedAt = :now, f.revokedReason = :reason "
                        + "WHERE f.id = :id AND f.revokedAt IS NULL")
                .setParameter("now", now.toEpochMilli())
                .setParameter("reason", reason)
                .setParameter("id", familyId)
                .executeUpdate() == 1, reason);
    }

    @Override
    public Optional<FamilyStatus> family(String familyId) {
        List<Object[]> rows = em.createQuery("SELECT f.tenantId, f.clientId, f.revokedAt FROM TokenFamily f WHERE f.id = :id", Object[].class)
                .setParameter("id", familyId).getResultList();
        return rows.stream().findFirst().map(row -> new FamilyStatus((String) row[0], (String) row[1], row[2] != null));
    }

    @Override
    public int purgeReplaysBefore(Instant now) {
        return em.createQuery("UPDATE RefreshToken r SET r.replayBlob = NULL, r.replayUntil = NULL "
                        + "WHERE r.replayUntil IS NOT NULL AND r.replayUntil < :now")
                .setParameter("now", now.toEpochMilli())
                .executeUpdate();
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
