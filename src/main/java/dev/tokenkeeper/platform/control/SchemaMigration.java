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
import java.util.Map;
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

    @Resource(lookup = "java:app/jdbc/tokenkeeper")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            // Liquibase 4.30+ phones home with usage analytics unless told not to.
            Scope.child(Map.of("liquibase.analytics.enabled", false), () -> {
                try (Connection connection = dataSource.getConnection()) {
                    Database database = DatabaseFactory.getInstance()
                            .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                    String product = database.getDatabaseProductName();
                    try (Liquibase liquibase = new Liquibase(CHANGELOG,
                            new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()), database)) {
                        liquibase.update(new Contexts(), new LabelExpression());
                    }
                    LOG.log(Level.INFO, "Database schema is up to date ({0})", product);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("Could not migrate the database schema: " + e.getMessage(), e);
        }
    }
}
