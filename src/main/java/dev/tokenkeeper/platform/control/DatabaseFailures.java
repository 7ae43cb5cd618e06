package dev.tokenkeeper.platform.control;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.HashSet;
import java.util.Optional;
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

    /**
     * For the log line of a timer or background pass that failed: when the database is unreachable,
     * "database unreachable (ConnectException: Connection refused)", one line; otherwise empty, and
     * the caller logs the failure with its stack trace, as a bug deserves. During an outage every pass
     * fails the same way, and a stack trace per pass would bury the one line an operator needs.
     */
    public static Optional<String> unreachable(Throwable failure) {
        if (!isUnavailable(failure)) {
            return Optional.empty();
        }
        return Optional.of("database unreachable (" + rootCause(failure) + ")");
    }

    /** The innermost cause as "Type: first line of its message": no SQL, no bind values, no URL query. */
    public static String rootCause(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
