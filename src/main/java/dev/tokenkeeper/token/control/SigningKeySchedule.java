package dev.tokenkeeper.token.control;

import dev.tokenkeeper.platform.control.DatabaseFailures;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Loads the signing keys once the schema exists, then re-reads them every 10 s: the safety net for a
 * rotation made on another node whose cluster-wide notice was missed (see {@link SigningKeys}); forgets replay answers whose grace window has passed (every minute) and
 * deletes sign-ins that ended more than the retention period ago (hourly). Non-persistent
 * timers: Payara Micro does not fail persistent timers over between nodes (STACK-NOTES), and every
 * node must do this for itself anyway.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class SigningKeySchedule {

    private static final Logger LOG = System.getLogger(SigningKeySchedule.class.getName());

    @Inject
    SigningKeys keys;

    @Inject
    TokenHousekeeping housekeeping;

    @PostConstruct
    void start() {
        keys.ensureKeyAndLoad();
    }

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false, info = "signing key reload")
    void reloadKeys() {
        try {
            keys.reload();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not reload signing keys, keeping the ones loaded: {0}", DatabaseFailures.unreachable(e).orElse(e.getMessage()));
        }
    }

    @Schedule(minute = "17", hour = "*", persistent = false, info = "ended sign-ins purge")
    void purgeEndedSignIns() {
        try {
            // At most 20 batches an hour: a backlog drains over a few runs instead of one long one.
            for (int round = 0; round < 20 && housekeeping.purgeDeadSignIns() == TokenHousekeeping.BATCH; round++) {
                LOG.log(Level.DEBUG, "More ended sign-ins to delete: next batch");
            }
            housekeeping.purgeEndedRevocations();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not purge ended sign-ins: {0}", DatabaseFailures.unreachable(e).orElse(e.getMessage()));
        }
    }

    @Schedule(second = "5", minute = "*", hour = "*", persistent = false, info = "replay purge")
    void purgeReplays() {
        try {
            housekeeping.purgeExpiredReplays();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not purge replay answers: {0}", DatabaseFailures.unreachable(e).orElse(e.getMessage()));
        }
    }
}
