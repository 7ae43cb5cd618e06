package dev.tokenkeeper.token.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Periodic clean-up that keeps secrets at rest only as long as they are needed and keeps the token
 * tables from growing without end. Every rotation adds a row, so dead sign-ins are deleted once
 * they have been dead for the retention period (their spent tokens are kept until then, because
 * presenting one of them again must still be recognised as reuse). Work is done in bounded batches.
 */
@ApplicationScoped
public class TokenHousekeeping {

    private static final Logger LOG = System.getLogger(TokenHousekeeping.class.getName());
    public static final int BATCH = 500;

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    RefreshTokenStore store;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.refresh.retention-days", defaultValue = "30")
    long retentionDays;

    @Transactional
    public void purgeExpiredReplays() {
        int purged = store.purgeReplaysBefore(clock.instant());
        if (purged > 0) {
            LOG.log(Level.DEBUG, "Forgot {0} sealed replay answers past their grace window", purged);
        }
    }

    /**
     * Deletes up to one batch of sign-ins that ended (absolute cap passed, or revoked) more than the
     * retention period ago, with their refresh tokens.
     *
     * @return the number of token families deleted; {@link #BATCH} means there may be more. Callers loop
     *         through the bean's proxy: each batch is its own transaction.
     */
    @Transactional
    public int purgeDeadSignIns() {
        List<String> dead = em.createQuery("SELECT f.id FROM TokenFamily f WHERE f.absoluteExpiresAt < :before "
                        + "OR (f.revokedAt IS NOT NULL AND f.revokedAt < :before)", String.class)
                .setParameter("before", retentionStart())
                .setMaxResults(BATCH)
                .getResultList();
        if (!dead.isEmpty()) {
            em.createQuery("DELETE FROM RefreshToken r WHERE r.familyId IN :ids").setParameter("ids", dead).executeUpdate();
            em.createQuery("DELETE FROM TokenFamily f WHERE f.id IN :ids").setParameter("ids", dead).executeUpdate();
            LOG.log(Level.INFO, "Housekeeping deleted {0} ended sign-ins with their refresh tokens", dead.size());
        }
        return dead.size();
    }

    /**
     * Deletes non-expiring tokens revoked more than the retention period ago, and revocation records
     * of app tokens that have expired anyway. Once per run: unlike sign-ins, these need no batches
     * (one row each, no children).
     */
    @Transactional
    public void purgeEndedRevocations() {
        int revokedNonExpiring = em.createQuery("DELETE FROM NonExpiringToken t WHERE t.revokedAt IS NOT NULL AND t.revokedAt < :before")
                .setParameter("before", retentionStart()).executeUpdate();
        int lapsedRevocations = em.createQuery("DELETE FROM RevokedAccessToken r WHERE r.expiresAt < :now")
                .setParameter("now", clock.millis()).executeUpdate();
        // Device flow requests a day past their 15 minutes (a late poll still hears expired_token meanwhile),
        // and the wrong-code counters of addresses that have been quiet as long.
        long dayAgo = clock.instant().minus(Duration.ofDays(1)).toEpochMilli();
        int deviceCodes = em.createQuery("DELETE FROM DeviceAuthorization d WHERE d.expiresAt < :before")
                .setParameter("before", dayAgo).executeUpdate();
        em.createQuery("DELETE FROM DeviceCodeAttempts a WHERE a.windowStart < :before").setParameter("before", dayAgo).executeUpdate();
        if (deviceCodes > 0) {
            LOG.log(Level.DEBUG, "Housekeeping deleted {0} ended device flow requests", deviceCodes);
        }
        if (revokedNonExpiring > 0 || lapsedRevocations > 0) {
            LOG.log(Level.INFO, "Housekeeping deleted {0} revoked non-expiring tokens, {1} lapsed revocation records",
                    revokedNonExpiring, lapsedRevocations);
        }
    }

    private long retentionStart() {
        return clock.instant().minus(Duration.ofDays(retentionDays)).toEpochMilli();
    }
}
