package dev.tokenkeeper.token.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;

/** Periodic clean-up that keeps secrets at rest only as long as they are needed. */
@ApplicationScoped
public class TokenHousekeeping {

    private static final Logger LOG = System.getLogger(TokenHousekeeping.class.getName());

    @Inject
    RefreshTokenStore store;

    @Inject
    Clock clock;

    @Transactional
    public void purgeExpiredReplays() {
        int purged = store.purgeReplaysBefore(clock.instant());
        if (purged > 0) {
            LOG.log(Level.DEBUG, "Forgot {0} sealed replay answers past their grace window", purged);
        }
    }
}
