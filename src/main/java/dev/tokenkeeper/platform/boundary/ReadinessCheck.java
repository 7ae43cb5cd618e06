package dev.tokenkeeper.platform.boundary;

import dev.tokenkeeper.platform.control.DatabaseFailures;
import dev.tokenkeeper.token.control.SigningKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers and a signing key is loaded: then every route can do its work. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "java:app/jdbc/tokenkeeper")
    DataSource dataSource;

    @Inject
    SigningKeys keys;

    @Override
    public HealthCheckResponse call() {
        boolean database;
        String databaseDetail;
        String databaseError = null;
        try (Connection connection = dataSource.getConnection()) {
            database = connection.isValid(2);
            databaseDetail = database ? "reachable" : "not answering";
        } catch (SQLException | RuntimeException e) {
            database = false;
            databaseDetail = "unreachable";
            // the innermost cause only ("ConnectException: Connection refused"): the pool's own message
            // names the database's address, and a health body is often readable by more people than logs
            databaseError = DatabaseFailures.rootCause(e);
        }
        boolean signing;
        try {
            signing = keys.active() != null;
        } catch (IllegalStateException e) {
            signing = false;
        }
        var response = HealthCheckResponse.named("tokenkeeper")
                .status(database && signing)
                .withData("database", databaseDetail);
        if (databaseError != null) {
            response.withData("databaseError", databaseError);
        }
        return response.withData("signingKey", signing ? "loaded" : "not loaded").build();
    }
}
