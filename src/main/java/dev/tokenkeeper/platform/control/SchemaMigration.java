package dev.tokenkeeper.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies the Liquibase changelogs from the top-level {@code liquibase/} folder before anything
 * else touches the database. Liquibase owns the schema: JPA schema generation stays off.
 *
 * <p>The data source is defined here because this is the first bean that needs it. Its URL, user
 * and password come from MicroProfile Config, so {@code TOKENKEEPER_DB_URL} and friends choose the
 * database without a rebuild.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/tokenkeeper",
        className = "dev.tokenkeeper.platform.control.TokenkeeperDataSource",
        url = "${MPCONFIG=tokenkeeper.db.url}",
        user = "${MPCONFIG=tokenkeeper.db.user}",
        password = "${MPCONFIG=tokenkeeper.db.password}",
        minPoolSize = 4,
        // A few connections per core of the database keep it busy; more only queue inside PostgreSQL,
        // where 48 backends fighting over 2 cores cost more CPU per rotation than requests waiting here
        // (docs/benchmarks.md, 64 connections). A statement holds its connection for well under 1 ms.
        maxPoolSize = 16,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data",
            "fish.payara.fail-all-connections=true",
            "fish.payara.pool-resize-quantity=4"
        })
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    static final String CHANGELOG = "liquibase/changelog.xml";
    private static final Logger LOG = System.getLogger(SchemaMigration.class.getName());

    /** What a start did about the schema. */
    enum Outcome { UPDATED, UNCHANGED }

    @Resource(lookup = "java:app/jdbc/tokenkeeper")
    DataSource dataSource;

    // No other method may be called migrate: the EJB container finds this callback by its name alone.
    @PostConstruct
    void migrate() {
        apply(dataSource, SchemaMigration.class.getClassLoader());
    }

    /**
     * Runs Liquibase unless the database records the fingerprint of this very changelog as applied in
     * full (table {@code schema_fingerprint}, written after each successful update): then Liquibase
     * would only read thirty change sets to find nothing to do, about a second of every start.
     */
    Outcome apply(DataSource database, ClassLoader changelogs) {
        Optional<String> fingerprint = ChangelogFingerprint.of(changelogs, CHANGELOG);
        try {
            String product;
            try (Connection connection = database.getConnection()) {
                product = connection.getMetaData().getDatabaseProductName();
                if (fingerprint.isPresent() && fingerprint.get().equals(appliedFingerprint(connection))) {
                    LOG.log(Level.INFO, "Database schema is up to date ({0}): the changelog is the one applied last, "
                            + "Liquibase not run", product);
                    return Outcome.UNCHANGED;
                }
            }
            // Liquibase closes the connection it is given when it is done (a second close does nothing),
            // so recording the fingerprint takes a connection of its own
            try (Connection connection = database.getConnection()) {
                update(connection, changelogs);
            }
            if (fingerprint.isPresent()) {
                try (Connection connection = database.getConnection()) {
                    record(connection, fingerprint.get());
                }
            }
            LOG.log(Level.INFO, "Database schema is up to date ({0})", product);
            return Outcome.UPDATED;
        } catch (Exception e) {
            throw new IllegalStateException("Could not migrate the database schema: " + e.getMessage(), e);
        }
    }

    private static void update(Connection connection, ClassLoader changelogs) throws Exception {
        // Liquibase 4.30+ phones home with usage analytics unless told not to.
        Scope.child(Map.of("liquibase.analytics.enabled", false), () -> {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(changelogs), database)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
        });
    }

    /** The fingerprint recorded last, or null on a database that has no such table yet (a first start). */
    private static String appliedFingerprint(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT changelog_sha256 FROM schema_fingerprint WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException noTableYet) {
            return null;
        }
    }

    private static void record(Connection connection, String fingerprint) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE schema_fingerprint SET changelog_sha256 = ? WHERE id = 1")) {
            update.setString(1, fingerprint);
            update.executeUpdate();
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
