package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenkeeper.platform.control.SchemaMigration.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The shipped changelog on an H2 database in memory: Liquibase runs when the changelog is new to the database, only then. */
class SchemaMigrationTest {

    private final SchemaMigration migration = new SchemaMigration();
    private final ClassLoader changelogs = getClass().getClassLoader();

    @Test
    void aFirstStartUpdatesTheSchemaAndTheNextStartsSkipLiquibase() {
        JdbcDataSource database = database("first");
        assertEquals(Outcome.UPDATED, migration.apply(database, changelogs));
        assertEquals(Outcome.UNCHANGED, migration.apply(database, changelogs));
        assertEquals(Outcome.UNCHANGED, migration.apply(database, changelogs));
    }

    @Test
    void anotherChangelogThanTheOneRecordedRunsLiquibaseAgainAndRecordsThisOne() throws SQLException {
        JdbcDataSource database = database("other");
        migration.apply(database, changelogs);
        execute(database, "UPDATE schema_fingerprint SET changelog_sha256 = 'written by another version'");

        assertEquals(Outcome.UPDATED, migration.apply(database, changelogs));
        assertEquals(Outcome.UNCHANGED, migration.apply(database, changelogs));
    }

    @Test
    void aSchemaWhoseTableWasLostIsRebuiltByLiquibase() throws SQLException {
        JdbcDataSource database = database("lost");
        migration.apply(database, changelogs);
        execute(database, "DROP ALL OBJECTS");

        assertEquals(Outcome.UPDATED, migration.apply(database, changelogs));
        execute(database, "SELECT COUNT(*) FROM token_family");
    }

    private static JdbcDataSource database(String name) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:schema-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return database;
    }

    private static void execute(JdbcDataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
