package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The zero-setup default: the same schema and flows on embedded H2 (its failsafe execution unsets the PostgreSQL URL). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class H2SmokeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    @Test
    void signInRefreshRetryAndReplayOnH2() {
        Api api = new Api(deploymentUrl);
        TenantFixture tenant = api.newTenant("h2", true);
        String refresh = api.signIn(tenant, "ada").getString("refresh_token");
        JsonObject rotated = api.refresh(tenant, refresh).json();
        Reply retry = api.refresh(tenant, refresh);
        assertEquals(rotated.getString("refresh_token"), retry.json().getString("refresh_token"), "same pair inside grace");
        api.advanceClock(11);
        assertEquals("family_revoked", api.refresh(tenant, refresh).reason());
        assertTrue(api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).body().contains("REFRESH_REUSED"));
    }
}
