package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "57P01"})
    void connectionSqlStateTwoLevelsDeepIsUnavailable(String sqlState) {
        SQLException driver = new SQLException("driver failure", sqlState);

        assertTrue(DatabaseFailures.isUnavailable(wrapTwice(driver)));
    }

    @Test
    void connectExceptionAsCauseIsUnavailable() {
        assertTrue(DatabaseFailures.isUnavailable(wrapTwice(new ConnectException("no route"))));
    }

    @Test
    void transientConnectionExceptionIsUnavailable() {
        assertTrue(DatabaseFailures.isUnavailable(new SQLTransientConnectionException("pool exhausted")));
    }

    @Test
    void constraintViolationIsNotUnavailable() {
        SQLException duplicate = new SQLIntegrityConstraintViolationException(
                "duplicate key value violates unique constraint \"uq_refresh_token_hash\"", "23505");

        assertFalse(DatabaseFailures.isUnavailable(wrapTwice(duplicate)));
    }

    @Test
    void sqlExceptionWithoutStateIsNotUnavailable() {
        assertFalse(DatabaseFailures.isUnavailable(wrapTwice(new SQLException("syntax error"))));
    }

    @Test
    void plainIllegalStateExceptionIsNotUnavailable() {
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("a bug")));
    }

    @Test
    void nullIsNotUnavailable() {
        assertFalse(DatabaseFailures.isUnavailable(null));
    }

    @Test
    void causeCycleEndsWithAnAnswer() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertFalse(DatabaseFailures.isUnavailable(first));
    }

    private static RuntimeException wrapTwice(Throwable cause) {
        return new RuntimeException("transaction failed", new RuntimeException("persistence failed", cause));
    }

    @Test
    void unreachableDatabaseIsOneLineNamingTheInnermostCause() {
        SQLException pool = new SQLException("Error in allocating a connection. Cause: Connection to 10.0.0.5:5432 refused.\nCheck that…",
                "08001", new ConnectException("Connection refused"));

        assertEquals(java.util.Optional.of("database unreachable (ConnectException: Connection refused)"),
                DatabaseFailures.unreachable(new RuntimeException("Exception [EclipseLink-4002]", pool)));
    }

    @Test
    void aBugIsNotSummedUpAsAnOutage() {
        assertTrue(DatabaseFailures.unreachable(new IllegalStateException("a bug")).isEmpty());
    }

    @Test
    void rootCauseKeepsTheFirstLineOnly() {
        assertEquals("SQLException: first line", DatabaseFailures.rootCause(new RuntimeException(new SQLException("first line\nCall: SELECT …"))));
    }
}
