package dev.tokenkeeper.platform.control;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a read that failed for want of a connection three times, sleeping between
 * tries; with the database down that held each JPA request for about 10 s (measured by FaultsIT: a
 * tenant look-up by slug took 10.2 s to answer 503, while the JDBC routes answered in 50 ms). The
 * container's pool already validates connections and drops them all after a failure
 * ({@code fail-all-connections}), and our callers answer 503 with {@code Retry-After}: the client
 * retries, not a request thread. So: no query retries, fail at once.
 */
public class FailFastQueries implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
    }
}
