package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.it.Api.IdentityProvider;

import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of the runnable jar on one database, clustered over loopback (Hazelcast TCP/IP, as
 * STACK-NOTES found works): what PRODUCT.md promises of a cluster. A settings change made through
 * one node reschedules the other's timer at once (clustered CDI events; the database reconciliation
 * alone would take up to 30 s), and viewers on both nodes share one embed token (JCache). Apps and
 * tenants changed through one node are read afresh by the other on its very next request (the
 * directory cache, issue 8).
 *
 * <p>Ports: free ones picked by the system, or, with {@code -Dit.cluster.port-base=N}, HTTP on N and
 * N+1 and the Hazelcast grid on N+10 and N+11 (for machines where test runs share port ranges).
 */
class ClusterIT {

    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final List<Process> nodes = new ArrayList<>();
    private static Api nodeA;
    private static Api nodeB;
    private static URL urlA;
    private static URL urlB;
    private static Path logs;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        File jar = new File("target/tokenkeeper.jar");
        assertTrue(jar.exists(), "target/tokenkeeper.jar is missing: run the integration tests with 'mvn verify'");
        logs = Files.createTempDirectory("tokenkeeper-cluster-it");
        Integer base = Integer.getInteger("it.cluster.port-base");
        int httpA = base == null ? freePort() : base;
        int httpB = base == null ? freePort() : base + 1;
        int gridA = base == null ? freePort() : base + 10;
        int gridB = base == null ? freePort() : base + 11;
        String cluster = "tk-it-" + UUID.randomUUID().toString().substring(0, 8);
        String members = "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        urlA = new URL("http://127.0.0.1:" + httpA + "/");
        urlB = new URL("http://127.0.0.1:" + httpB + "/");
        // one issuer for the cluster, as in production: the address clients use
        start(jar, "a", httpA, gridA, cluster, members, urlA);
        awaitReady(urlA, nodes.get(0));
        start(jar, "b", httpB, gridB, cluster, members, urlA);
        awaitReady(urlB, nodes.get(1));
        awaitLog("b", "DG Size: 2", Duration.ofSeconds(90));
        nodeA = new Api(urlA);
        nodeB = new Api(urlB);
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    /** RFC 9110 §6.6.1 on the routes Payara serves itself, in the jar we ship (the application's own are in TokenEndpointIT). */
    @Test
    void theShippedJarSendsDateOnPayarasOwnRoutesToo() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        for (String route : List.of("health/ready", "health/live", "metrics", ".well-known/oauth-authorization-server")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(urlA.toURI().resolve(route)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String date = response.headers().firstValue("Date").orElse(null);
            assertTrue(date != null && date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                    route + " (HTTP " + response.statusCode() + ") Date: " + date);
        }
    }

    @Test
    void aSettingsChangeThroughOneNodeReschedulesTheOtherAtOnce() throws Exception {
        TenantFixture tenant = nodeA.newTenant("cluster", true);
        String platformOnB = nodeB.platformToken();
        for (int minutes : new int[] {5, 7}) { // twice: a reconciliation falling into the window once cannot pass both
            Reply changed = nodeA.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken(),
                    "{\"timedRefreshMinutes\":" + minutes + ",\"embedTokenMinutes\":60,\"refreshOnInteraction\":true}");
            assertEquals(200, changed.status(), changed.toString());
            awaitTimerOnB(tenant, platformOnB, minutes);
        }
    }

    @Test
    void aCapacityPausedThroughOneNodeIsPausedOnTheOtherAtOnce() throws Exception {
        TenantFixture tenant = nodeA.newTenant("cluster-cap", true);
        String path = "/api/tenants/" + tenant.slug() + "/capacity";
        // node B reads (and keeps a snapshot of) the active capacity first
        assertEquals("active", nodeB.get(path, tenant.adminToken()).json().getString("state"));
        for (String[] step : new String[][] {{"pause", "paused"}, {"resume", "active"}}) {
            Reply changed = nodeA.postJson(path + "/" + step[0], tenant.adminToken(), "");
            assertEquals(200, changed.status(), changed.toString());
            // well inside the evaluator's 15 s pass: only the clustered CapacityChanged event brings it this fast
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String seen = null;
            while (System.nanoTime() < deadline && !step[1].equals(seen)) {
                seen = nodeB.get(path, tenant.adminToken()).json().getString("state");
                Thread.sleep(100);
            }
            assertEquals(step[1], seen, "node B after " + step[0] + " on node A");
        }
    }

    @Test
    void viewersOnBothNodesShareOneEmbedToken() throws Exception {
        TenantFixture tenant = nodeA.newTenant("cluster-share", true);
        Reply report = nodeA.postJson("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken(), "{\"id\":\"sales\",\"name\":\"Sales\"}");
        assertEquals(201, report.status(), report.toString());
        String userToken = nodeA.signIn(tenant, "ada").getString("access_token");
        ClientManager websockets = ClientManager.createClient();
        try (ViewerClient onA = ViewerClient.connect(websockets, urlA); ViewerClient onB = ViewerClient.connect(websockets, urlB)) {
            String tokenOnA = onA.hello(userToken, "sales").nextToken("initial").getString("tokenId");
            String tokenOnB = awaitKeyThenHello(onB, userToken);
            assertEquals(tokenOnA, tokenOnB, "the second node used the token the first one minted");
        } finally {
            websockets.shutdown();
        }
    }

    /**
     * Node B authenticated the app a moment ago (so it holds the app in its directory cache); the
     * secret is rotated through node A; B's very next request, with no pause, refuses the old
     * secret and takes the new one.
     */
    @Test
    void aSecretRotatedThroughOneNodeIsRefusedOnTheOtherAtOnce() {
        TenantFixture tenant = nodeA.newTenant("cluster-secret", true);
        for (int round = 1; round <= 2; round++) { // twice: the second rotation meets a copy B reloaded after the first
            nodeB.signIn(tenant, "ada");
            nodeB.signIn(tenant, "ada");
            Reply rotated = nodeA.postJson("/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId() + "/secret",
                    tenant.adminToken(), "");
            assertEquals(200, rotated.status(), rotated.toString());
            Reply oldOnB = nodeB.exchange(tenant, tenant.subjectToken("ada"));
            assertEquals(401, oldOnB.status(), "round " + round + ": node B still took the rotated secret: " + oldOnB);
            assertEquals("invalid_client", oldOnB.error());
            tenant = new TenantFixture(tenant.slug(), tenant.idp(), tenant.clientId(), rotated.json().getString("client_secret"),
                    tenant.adminToken());
            Reply newOnB = nodeB.exchange(tenant, tenant.subjectToken("ada"));
            assertEquals(200, newOnB.status(), "round " + round + ": node B refused the new secret: " + newOnB);
        }
    }

    /** An app's token lifetime changed through node A: node B's next grant already uses it. */
    @Test
    void anAppsLifetimesChangedThroughOneNodeApplyOnTheOtherAtOnce() {
        TenantFixture tenant = nodeA.newTenant("cluster-life", "{\"name\":\"app\",\"expiringUserTokens\":true,\"accessTokenSeconds\":600}");
        assertEquals(600, nodeB.signIn(tenant, "bea").getJsonNumber("expires_in").longValue());
        for (long seconds : new long[] {900, 1200}) {
            Reply changed = nodeA.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken(),
                    "{\"accessTokenSeconds\":" + seconds + "}");
            assertEquals(200, changed.status(), changed.toString());
            assertEquals(seconds, nodeB.signIn(tenant, "bea").getJsonNumber("expires_in").longValue(), "node B's next grant");
        }
        // and the other way: the app stops expiring user tokens (no refresh token, no expires_in)
        Reply nonExpiring = nodeA.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken(),
                "{\"expiringUserTokens\":false}");
        assertEquals(200, nonExpiring.status(), nonExpiring.toString());
        JsonObject onB = nodeB.signIn(tenant, "bea");
        assertTrue(!onB.containsKey("refresh_token") && !onB.containsKey("expires_in"), "node B still issued expiring tokens: " + onB);
    }

    /** A tenant's identity provider replaced through node A: node B's next token exchange trusts only the new one. */
    @Test
    void aTenantsIdentityProviderChangedThroughOneNodeAppliesOnTheOtherAtOnce() {
        TenantFixture tenant = nodeA.newTenant("cluster-idp", true);
        nodeB.signIn(tenant, "cy");
        IdentityProvider next = new IdentityProvider();
        Reply changed = nodeA.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/identity-provider", tenant.adminToken(),
                "{\"issuer\":\"" + next.issuer + "\",\"jwks\":" + next.publicJwks() + "}");
        assertEquals(200, changed.status(), changed.toString());
        Reply oldProvider = nodeB.exchange(tenant, tenant.subjectToken("cy"));
        assertEquals(400, oldProvider.status(), "node B still trusted the replaced provider: " + oldProvider);
        assertEquals("invalid_request", oldProvider.error());
        TenantFixture moved = new TenantFixture(tenant.slug(), next, tenant.clientId(), tenant.secret(), tenant.adminToken());
        Reply newProvider = nodeB.exchange(moved, moved.subjectToken("cy"));
        assertEquals(200, newProvider.status(), "node B did not trust the new provider: " + newProvider);
    }

    /**
     * A signing-key rotation through node A: as soon as it is answered, node B publishes the new key
     * and signs with it (before, B learned it from its reload every 10 s: 9.3 s measured here), and
     * still publishes the old key, whose tokens live on.
     */
    @Test
    void aSigningKeyRotatedThroughOneNodeIsUsedByTheOtherAtOnce() throws Exception {
        // signed with the key of before: our own protected routes re-read the published keys only every 5 s
        String platformOnA = nodeA.platformToken();
        for (int round = 1; round <= 2; round++) { // twice: the second meets the keys B reloaded after the first
            String before = nodeB.platformToken();
            String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
            assertNotNull(JWKSet.parse(nodeB.get("/oauth/jwks", null).body()).getKeyByKeyId(oldKid));
            Reply rotated = nodeA.postJson("/api/signing-keys/rotate", platformOnA, "");
            assertEquals(200, rotated.status(), rotated.toString());
            String kid = rotated.json().getString("kid");
            JWKSet publishedByB = JWKSet.parse(nodeB.get("/oauth/jwks", null).body());
            assertNotNull(publishedByB.getKeyByKeyId(kid), "round " + round + ": node B does not publish the new key yet");
            assertNotNull(publishedByB.getKeyByKeyId(oldKid), "round " + round + ": node B stopped publishing the old key");
            assertEquals(kid, SignedJWT.parse(nodeB.platformToken()).getHeader().getKeyID(),
                    "round " + round + ": node B still signs with the old key");
            assertEquals(kid, SignedJWT.parse(nodeA.platformToken()).getHeader().getKeyID(), "node A signs with its new key");
        }
        // leave the cluster as the other tests expect it: both nodes' protected routes accept new tokens
        for (Api node : List.of(nodeA, nodeB)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Reply listed;
            do {
                Thread.sleep(200);
                listed = node.get("/api/signing-keys", node.platformToken());
            } while (listed.status() != 200 && System.nanoTime() < deadline);
            assertEquals(200, listed.status(), "a node's protected routes never accepted its new key: " + listed);
        }
    }

    /** Node B learns A's signing key from the database within about 10 s; until then it refuses A's token. */
    private static String awaitKeyThenHello(ViewerClient onB, String userToken) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ViewerClient viewer = onB;
        ClientManager retries = ClientManager.createClient();
        try {
            while (true) {
                viewer.hello(userToken, "sales");
                JsonObject first = null;
                try {
                    first = viewer.next(Duration.ofSeconds(3));
                } catch (AssertionError closedInstead) {
                    // refused with 1008 (key not known yet): try again on a new socket
                }
                if (first != null && "token".equals(first.getString("type", ""))) {
                    return first.getString("tokenId");
                }
                assertTrue(System.nanoTime() < deadline, "node B never accepted node A's access token");
                Thread.sleep(1000);
                viewer = ViewerClient.connect(retries, urlB);
            }
        } finally {
            retries.shutdown();
        }
    }

    private static void awaitTimerOnB(TenantFixture tenant, String platformOnB, int minutes) throws InterruptedException {
        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        JsonObject viewers;
        do {
            viewers = nodeB.get("/api/tenants/" + tenant.slug() + "/viewers", platformOnB).json();
            if (viewers.containsKey("timedRefresh") && !viewers.isNull("timedRefresh")
                    && viewers.getJsonObject("timedRefresh").getInt("everyMinutes") == minutes) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("node B did not reschedule to every " + minutes + " min within " + AT_ONCE + ": " + viewers);
    }

    private static void start(File jar, String name, int httpPort, int gridPort, String cluster, String members, URL issuer)
            throws IOException {
        Path dataDir = Files.createDirectories(logs.resolve(name + "-data"));
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-Dhazelcast.socket.bind.any=false",
                "-jar", jar.getAbsolutePath(), "--port", Integer.toString(httpPort), "--clustername", cluster,
                "--clustermode", members, "--interfaces", "127.0.0.1", "--startport", Integer.toString(gridPort), "--nohostaware")
                .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("TOKENKEEPER_DATA_DIR", dataDir.toString());
        builder.environment().put("TOKENKEEPER_ISSUER", issuer.toString().replaceAll("/$", ""));
        builder.environment().put("TOKENKEEPER_DEMO_ENABLED", "false");
        nodes.add(builder.start());
    }

    private static void awaitReady(URL node, Process process) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "a node exited; see " + logs);
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(node.toURI().resolve("health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(node + " not ready after 180 s; see " + logs);
    }

    private static void awaitLog(String name, String text, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Path log = logs.resolve(name + ".log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("node " + name + " never logged '" + text + "' (the two nodes did not form a cluster); see " + log);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
