package dev.tokenkeeper.platform.control;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells an unreachable database (answer 503, retry later; nothing was written) from a bug (500).
 * Looks through the whole cause chain, because JPA, JTA and the pool each wrap the driver's error.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            // SQLState class 08: connection exception (SQL standard; PostgreSQL and H2 both use it). 57P0x: server shutting down.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Error in allocating a connection")
                    || message.contains("Connection refused") || message.contains("This connection has been closed"))) {
                return true;
            }
        }
        return false;
    }
}
