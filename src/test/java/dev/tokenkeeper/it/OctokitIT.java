package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GitHub's own client libraries, {@code @octokit/oauth-methods} and {@code @octokit/auth-oauth-device}
 * (pinned in src/test/octokit/package-lock.json, installed by {@code npm ci} before the integration
 * tests), pointed at a running Tokenkeeper with nothing changed but the base URL. This class only
 * prepares the fixtures through the admin API and runs {@code node --test}; the assertions are in
 * src/test/octokit/oauth-methods.test.js (one Node test per octokit method) and device-flow.test.js (the
 * device flow's HTTP contract as a strict RFC 8628 client and an admin see it).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OctokitIT {

    static final Path OCTOKIT = Path.of("src/test/octokit");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    @Test
    void octokitOAuthMethodsAndDeviceAuthWorkUnchanged() throws Exception {
        assertTrue(Files.isDirectory(OCTOKIT.resolve("node_modules/@octokit/oauth-methods")),
                "octokit is not installed: run 'npm ci --no-audit --no-fund' in src/test/octokit (mvn verify does it in pre-integration-test)");
        Api api = new Api(deploymentUrl);
        api.resetClock();
        TenantFixture expiring = api.newTenant("octokit", "{\"name\":\"Lobby TV\",\"expiringUserTokens\":true,\"deviceFlow\":true}");
        TenantFixture optedOut = api.newTenant("octokit-noexp", "{\"name\":\"Legacy\",\"expiringUserTokens\":false,\"deviceFlow\":true}");
        TenantFixture noDevice = api.newTenant("octokit-nodev", "{\"name\":\"Web only\"}");

        JsonObjectBuilder fixtures = Json.createObjectBuilder()
                .add("baseUrl", api.base)
                .add("expiring", app(expiring).add("pairs", pairs(api, expiring, "ada", "bob", "cy", "dee", "dora", "dora", "eve", "hal", "ivy")))
                .add("optedOut", app(optedOut).add("pairs", pairs(api, optedOut, "flo", "gus", "jo")))
                .add("noDevice", app(noDevice));
        // The web flow (/login/oauth/authorize, helper D1's branch) is not merged yet: once it is, get a code
        // here (authorize against a test OpenID provider) and hand it over; until then the Node test is skipped.
        String webFlowCode = System.getenv("TK_WEB_FLOW_CODE");

        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1", "oauth-methods.test.js", "device-flow.test.js")
                .directory(OCTOKIT.toFile()).redirectErrorStream(true);
        node.environment().put("TK_FIXTURES", fixtures.build().toString());
        if (webFlowCode != null) {
            node.environment().put("TK_WEB_FLOW_CODE", webFlowCode);
        }
        File log = new File("target/octokit-node.log");
        node.redirectOutput(log);
        Process process = node.start();
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = read(log);
        System.out.println(output);
        assertTrue(finished, "node --test did not finish in 240 s:\n" + output);
        assertEquals(0, process.exitValue(), "octokit tests failed (full log in target/octokit-node.log):\n" + output);
        // the spec reporter's summary: something ran, nothing failed
        assertTrue(output.contains("fail 0") && !output.contains("pass 0"), output);
    }

    private static JsonObjectBuilder app(TenantFixture tenant) {
        return Json.createObjectBuilder().add("tenant", tenant.slug()).add("clientId", tenant.clientId()).add("clientSecret", tenant.secret())
                .add("adminToken", tenant.adminToken());
    }

    /** One sign-in (token exchange) per user named, in order; a name twice gives that user two sign-ins. */
    private static JsonArrayBuilder pairs(Api api, TenantFixture tenant, String... users) {
        JsonArrayBuilder pairs = Json.createArrayBuilder();
        for (String user : users) {
            JsonObject pair = api.signIn(tenant, user);
            JsonObjectBuilder entry = Json.createObjectBuilder().add("user", user).add("accessToken", pair.getString("access_token"));
            if (pair.containsKey("refresh_token")) {
                entry.add("refreshToken", pair.getString("refresh_token"));
            }
            pairs.add(entry);
        }
        return pairs;
    }

    private static String read(File log) throws IOException {
        return log.exists() ? Files.readString(log.toPath(), StandardCharsets.UTF_8) : "(no output)";
    }
}
