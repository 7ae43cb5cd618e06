package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On PostgreSQL with the grace window turned off ({@code tokenkeeper.refresh.grace-seconds=0}, set
 * by this class's failsafe execution): at most one rotation wins a race and every other racer is
 * refused; and a database outage answers 503 without spending the token.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrictRotationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(deploymentUrl);
        api.resetClock();
    }

    @Test
    @Order(1)
    void sixtyFourConcurrentRefreshesWithoutGraceYieldExactlyOneSuccess() throws Exception {
        TenantFixture tenant = api.newTenant("strict", true);
        String refresh = api.signIn(tenant, "xena").getString("refresh_token");
        Map<String, Integer> outcomes = new HashMap<>();
        for (Reply reply : api.raceRefresh(tenant, refresh, 64)) {
            outcomes.merge(reply.status() == 200 ? "ok" : reply.status() + " " + reply.error(), 1, Integer::sum);
        }
        assertEquals(Map.of("ok", 1, "400 invalid_grant", 63), outcomes);
        assertEquals(0, Database.familiesWithTwoLiveTokens(tenant.slug()));
    }

    @Test
    @Order(2)
    void secondUseWithoutGraceRevokesTheFamily() {
        TenantFixture tenant = api.newTenant("strict2", true);
        String refresh = api.signIn(tenant, "yuri").getString("refresh_token");
        String next = api.refresh(tenant, refresh).json().getString("refresh_token");
        assertEquals("family_revoked", api.refresh(tenant, refresh).reason());
        assertEquals("family_revoked", api.refresh(tenant, next).reason());
    }

    /** Last: it takes the database away for a moment. */
    @Test
    @Order(3)
    void databaseOutageAnswers503AndSpendsNothing() throws Exception {
        TenantFixture tenant = api.newTenant("outage", true);
        String refresh = api.signIn(tenant, "zoe").getString("refresh_token");
        String database = databaseName();
        try (Connection admin = adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
            try {
                Reply during = api.refresh(tenant, refresh);
                assertEquals(503, during.status(), during.toString());
                assertNotNull(during.header("Retry-After"));
                assertEquals("temporarily_unavailable", during.error());
            } finally {
                sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            }
        }
        Reply after = retryUntilAvailable(() -> api.refresh(tenant, refresh));
        assertEquals(200, after.status(), "the refresh token was not spent by the failed request: " + after);
    }

    private static Reply retryUntilAvailable(java.util.function.Supplier<Reply> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Reply reply = call.get();
        while (reply.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            reply = call.get();
        }
        return reply;
    }

    private static String databaseName() {
        String url = System.getProperty("it.db.url");
        String path = URI.create(url.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    private static Connection adminConnection() throws Exception {
        String url = System.getProperty("it.db.url");
        String adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        return DriverManager.getConnection(adminUrl, System.getenv().getOrDefault("TOKENKEEPER_DB_USER", "postgres"),
                System.getenv().getOrDefault("TOKENKEEPER_DB_PASSWORD", "postgres"));
    }
}
