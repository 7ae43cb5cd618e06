package dev.tokenkeeper.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9's faults that need the server's environment in the test's hands: one Payara Micro process
 * (the test WAR, so rounds can be started on demand) whose database is reached through a TCP
 * forwarder the test can cut ({@link OutageProxy}: refused and reset, as a stopped PostgreSQL, while
 * the shared server keeps running for everyone else), and whose Entra ID and Power BI are a WireMock
 * fake whose answers the test slows down per tenant.
 *
 * <p>Ports: free ones picked by the system, or with {@code -Dit.faults.port-base=N}: HTTP on N, the
 * database forwarder on N+1, the Microsoft fake on N+2. The outage lasts
 * {@code -Dit.faults.outage-seconds} (default 30, as the issue asks).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FaultsIT {

    private static final String REPORT = "sales";
    private static final String GENERATE_PATH = "/v1.0/myorg/GenerateToken";
    /** What "within the normal time" means for a timed round of a few viewers (ViewerChannelIT sees them in well under 1 s). */
    private static final Duration NORMAL_ROUND = Duration.ofSeconds(3);
    /** tokenkeeper.embed.share-seconds: a token minted less than this ago is shared instead of minted anew. */
    private static final int SHARE_WINDOW_SECONDS = 30;

    private static Process server;
    private static OutageProxy database;
    private static WireMockServer microsoft;
    private static Path log;
    private static URL url;
    private static Api api;
    private static ClientManager websockets;

    @BeforeAll
    static void startServer() throws Exception {
        File microJar = new File("target/payara-micro.jar");
        assertTrue(microJar.exists(), "target/payara-micro.jar is missing: run the integration tests with 'mvn verify'");
        Path work = Files.createDirectories(Path.of("target/faults-it"));
        Path war = work.resolve("ROOT.war"); // deployed at "/", as the runnable jar does
        Deployments.tokenkeeperWithMovableClock().as(ZipExporter.class).exportTo(war.toFile(), true);
        Path dataDir = Files.createTempDirectory(work, "data");
        // failsafe's per-class output files are where LogHygieneIT looks for tokens in server logs
        log = Files.createDirectories(Path.of("target/failsafe-reports")).resolve(FaultsIT.class.getName() + "-server-output.txt");

        Integer base = Integer.getInteger("it.faults.port-base");
        int http = base == null ? freePort() : base;
        int proxy = base == null ? freePort() : base + 1;
        int fake = base == null ? freePort() : base + 2;

        URI real = URI.create(System.getProperty("it.db.url").substring("jdbc:".length()));
        database = new OutageProxy(proxy, real.getHost(), real.getPort() < 0 ? 5432 : real.getPort()).start();
        microsoft = new WireMockServer(options().bindAddress("127.0.0.1").port(fake));
        microsoft.start();

        url = new URL("http://127.0.0.1:" + http + "/");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", microJar.getAbsolutePath(),
                "--nocluster", "--port", Integer.toString(http), "--deploy", war.toAbsolutePath().toString(),
                "--prebootcommandfile", "server-config/pre-boot-commands.asadmin",
                "--postbootcommandfile", "src/test/payara/post-boot-commands-it.asadmin",
                "--systemproperties", "server-config/system.properties", "--disablephonehome")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment(); // failsafe's: bootstrap app, pepper, user, password
        env.put("TOKENKEEPER_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxy + real.getPath()
                + (real.getQuery() == null ? "" : "?" + real.getQuery()));
        env.put("TOKENKEEPER_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("TOKENKEEPER_ISSUER", "http://127.0.0.1:" + http);
        env.put("TOKENKEEPER_DEMO_ENABLED", "false");
        env.put("TOKENKEEPER_POWERBI_AUTHORITY_URL", "http://127.0.0.1:" + fake);
        env.put("TOKENKEEPER_POWERBI_API_URL", "http://127.0.0.1:" + fake);
        env.put("TOKENKEEPER_CAPACITY_AZURE_AUTHORITY_URL", "http://127.0.0.1:" + fake);
        env.put("TOKENKEEPER_CAPACITY_AZURE_ARM_URL", "http://127.0.0.1:" + fake);
        // the capacity evaluator every 2 s, as in CapacityIT
        env.put("TOKENKEEPER_CAPACITY_EVALUATE_SECONDS", "2");
        env.put("TOKENKEEPER_CAPACITY_CHECK_SECONDS", "2");
        server = builder.start();
        awaitReady();
        api = new Api(url);
        websockets = ClientManager.createClient();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (websockets != null) {
            websockets.shutdown();
        }
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (microsoft != null) {
            microsoft.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    // ---- B: one tenant's slow or failing provider ---------------------------------------------------

    /**
     * Tenant X's Power BI answers GenerateToken only after 20 s (longer than our request timeout, so
     * every retry times out too); tenant Y runs its timed round at the same moment and its viewer has
     * the token within the normal time. X's viewer keeps its token: no close, no error pushed.
     */
    @Test
    @Order(1)
    void aSlowPowerBiForOneTenantDoesNotStallAnotherTenantsRound() throws Exception {
        PowerBiTenant x = powerBiTenant("slow");
        TenantFixture y = builtinTenant("fast");
        try (ViewerClient onX = ViewerClient.connect(websockets, url); ViewerClient onY = ViewerClient.connect(websockets, url)) {
            onX.hello(userToken(x.tenant, "ada"), REPORT).nextToken("initial");
            onY.hello(userToken(y, "bob"), REPORT).nextToken("initial");
            api.advanceClock(SHARE_WINDOW_SECONDS + 1); // past the share window: X's round must ask Power BI again
            x.generateAnswersAfter(Duration.ofSeconds(20));

            assertEquals(204, timedRound(x.tenant).status());
            awaitGenerateCalls(x, 1); // X's round is now waiting on Power BI
            long started = System.nanoTime();
            assertEquals(204, timedRound(y).status());
            JsonObject timed = onY.next(NORMAL_ROUND);
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals("token", timed.getString("type"), timed.toString());
            assertEquals("timed", timed.getString("reason"), timed.toString());
            System.out.println("FaultsIT: tenant Y's timed token arrived " + tookMillis + " ms after its round started, X's Power BI still hanging");

            onX.expectNothing(Duration.ofSeconds(2));
            assertTrue(onX.isOpen(), "X's viewer keeps its socket while its provider hangs");
        }
    }

    /** A failing Power BI (500, then 429) for tenant X: its viewer keeps its token and its socket; nothing is pushed. */
    @Test
    @Order(2)
    void aFailingPowerBiLeavesTheViewerItsTokenAndItsSocket() throws Exception {
        PowerBiTenant x = powerBiTenant("failing");
        TenantFixture y = builtinTenant("healthy");
        try (ViewerClient onX = ViewerClient.connect(websockets, url); ViewerClient onY = ViewerClient.connect(websockets, url)) {
            onX.hello(userToken(x.tenant, "ada"), REPORT).nextToken("initial");
            onY.hello(userToken(y, "bob"), REPORT).nextToken("initial");
            api.advanceClock(SHARE_WINDOW_SECONDS + 1);
            for (int status : new int[] {500, 429}) {
                microsoft.resetRequests();
                x.generateFailsWith(status);
                assertEquals(204, timedRound(x.tenant).status());
                assertEquals(204, timedRound(y).status());
                onY.nextToken("timed");
                awaitGenerateCalls(x, 4); // retried, then given up (the default policy: 4 attempts)
                onX.expectNothing(Duration.ofSeconds(2)); // no token, and no error: the token it has is still good
                assertTrue(onX.isOpen(), "HTTP " + status + ": X's viewer keeps its socket");
                api.advanceClock(SHARE_WINDOW_SECONDS + 1);
            }
        }
    }

    /**
     * Tenant X's capacity is on Azure, and ARM accepts connections but answers nothing for 20 s; X is
     * pausing, so every evaluator pass looks at it. Tenant Y (simulated driver, on-demand) goes idle
     * past its minutes: the very next passes pause it, not those after X's ARM calls gave up.
     */
    @Test
    @Order(3)
    void aHangingAzureForOneTenantDoesNotStallAnotherTenantsCapacity() throws Exception {
        microsoft.stubFor(post(urlPathEqualTo("/" + CapacityIT.ENTRA_TENANT + "/oauth2/v2.0/token"))
                .withRequestBody(containing("management.azure.com"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"arm-access-token\"}")));
        String name = "hang" + CapacityIT.shortId();
        microsoft.stubFor(any(urlPathMatching(CapacityIT.armPath(name) + ".*"))
                .willReturn(okJson(CapacityIT.capacityJson(name, "Succeeded")).withFixedDelay(20_000)));
        TenantFixture x = api.newTenant("faults-arm", true);
        assertEquals(200, api.sendJson("PUT", "/api/tenants/" + x.slug() + "/capacity/azure", x.adminToken(),
                CapacityIT.azureConnection(name)).status());
        TenantFixture y = api.newTenant("faults-idle", true);
        assertEquals(200, api.sendJson("PUT", "/api/tenants/" + y.slug() + "/settings", y.adminToken(),
                "{\"capacity\":{\"mode\":\"on-demand\",\"autoPauseMinutes\":5}}").status());
        String pausesAt = api.get("/api/tenants/" + y.slug() + "/capacity", y.adminToken()).json().getString("pausesAt");

        // X's pause: the request waits on ARM (in the background, its answer does not matter here)
        CompletableFuture.runAsync(() -> api.postJson("/api/tenants/" + x.slug() + "/capacity/pause", x.adminToken(), ""));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"pausing".equals(api.get("/api/tenants/" + x.slug() + "/capacity", x.adminToken()).json().getString("state"))) {
            assertTrue(System.nanoTime() < deadline, "X never began pausing");
            Thread.sleep(100);
        }
        // the evaluator's look at X (GET of the capacity) is in ARM's hands: from now on that pass waits on it
        deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (microsoft.findAll(getRequestedFor(urlPathEqualTo(CapacityIT.armPath(name)))).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the evaluator never looked at X's pausing capacity");
            Thread.sleep(50);
        }
        try {
            api.advanceClock(Duration.between(Instant.now(), Instant.parse(pausesAt)).getSeconds() + 30);
            long started = System.nanoTime();
            String state;
            do {
                Thread.sleep(200);
                state = api.get("/api/tenants/" + y.slug() + "/capacity", y.adminToken()).json().getString("state");
            } while (!"paused".equals(state) && System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.println("FaultsIT: tenant Y's idle capacity paused " + tookMillis + " ms after its minutes were up, X's ARM hanging");
            assertEquals("paused", state, "Y's capacity, evaluated every 2 s, while X's ARM hangs");
        } finally {
            api.resetClock();
        }
    }

    // ---- A: the database out ------------------------------------------------------------------------

    /**
     * PostgreSQL out for {@code it.faults.outage-seconds} (30 by default): the token endpoint answers
     * 503 with Retry-After and never 500, viewers keep their sockets and tokens, ready says not ready
     * and why, live stays up; when the database is back the service recovers without a restart.
     */
    @Test
    @Order(4)
    void aDatabaseOutageIs503AndTheServiceRecoversByItself() throws Exception {
        Duration outage = Duration.ofSeconds(Integer.getInteger("it.faults.outage-seconds", 30));
        TenantFixture tenant = builtinTenant("outage");
        JsonObject signIn = api.signIn(tenant, "zoe");
        String refresh = signIn.getString("refresh_token");
        try (ViewerClient viewer = ViewerClient.connect(websockets, url)) {
            viewer.hello(signIn.getString("access_token"), REPORT).nextToken("initial");
            assertEquals(401, madeUpClient(0).status(), "an unknown client before the outage");
            long logFrom = Files.size(log);

            database.stop();
            long outageEnds = System.nanoTime() + outage.toNanos();
            Map<Integer, Integer> tokenStatuses = new LinkedHashMap<>();
            List<String> viewerMessages = new ArrayList<>();
            Reply firstUnready = null;
            boolean roundTried = false;
            Map<String, Long> slowestMillis = new LinkedHashMap<>();
            while (System.nanoTime() < outageEnds) {
                long t0 = System.nanoTime();
                Reply during = api.refresh(tenant, refresh);
                slowestMillis.merge("token", Duration.ofNanos(System.nanoTime() - t0).toMillis(), Math::max);
                tokenStatuses.merge(during.status(), 1, Integer::sum);
                assertEquals(503, during.status(), "during the outage: " + during);
                assertEquals("temporarily_unavailable", during.error(), during.toString());
                assertTrue(Integer.parseInt(during.header("Retry-After")) >= 1, during.toString());
                // a client id that no app has is refused from memory: no database needed to say so
                Reply madeUp = madeUpClient(tokenStatuses.values().stream().mapToInt(Integer::intValue).sum());
                assertEquals(401, madeUp.status(), "a made-up client id during the outage: " + madeUp);
                assertEquals("invalid_client", madeUp.error(), madeUp.toString());

                t0 = System.nanoTime();
                Reply ready = api.get("/health/ready", null);
                slowestMillis.merge("ready", Duration.ofNanos(System.nanoTime() - t0).toMillis(), Math::max);
                assertEquals(503, ready.status(), "ready during the outage: " + ready);
                if (firstUnready == null) {
                    firstUnready = ready;
                }
                assertEquals(200, api.get("/health/live", null).status(), "live stays up");

                if (!roundTried) { // a timed round while the database is away: the viewer keeps what it has
                    t0 = System.nanoTime();
                    timedRound(tenant);
                    slowestMillis.merge("round", Duration.ofNanos(System.nanoTime() - t0).toMillis(), Math::max);
                    roundTried = true;
                }
                assertTrue(viewer.isOpen(), "the viewer's socket stays open during the outage");
                JsonObject message;
                while ((message = pollMessage(viewer)) != null) {
                    viewerMessages.add(message.toString());
                    assertEquals("token", message.getString("type"), "nothing but tokens reach a viewer during an outage: " + message);
                }
                Thread.sleep(1000);
            }
            String why = firstUnready.body();
            assertTrue(why.contains("\"database\":\"unreachable\""), why);
            assertTrue(why.contains("\"databaseError\":\"ConnectException"), "the error's class: " + why);
            assertFalse(why.contains("postgres:") || why.contains("password") || why.contains("jdbc:"), "no credentials or URL: " + why);
            System.out.println("FaultsIT: during the outage the token endpoint answered " + tokenStatuses + "; slowest answers (ms) "
                    + slowestMillis + "; ready said " + why
                    + "; the viewer got " + viewerMessages);

            database.start();
            long backAt = System.nanoTime();
            Reply after = api.refresh(tenant, refresh);
            while (after.status() == 503 && System.nanoTime() - backAt < Duration.ofSeconds(30).toNanos()) {
                assertEquals("temporarily_unavailable", after.error(), after.toString());
                Thread.sleep(250);
                after = api.refresh(tenant, refresh);
            }
            assertEquals(200, after.status(), "the first answers after the outage: the refresh token was not spent: " + after);
            System.out.println("FaultsIT: first token after the database came back: "
                    + Duration.ofNanos(System.nanoTime() - backAt).toMillis() + " ms");
            Reply ready = api.get("/health/ready", null);
            for (int i = 0; ready.status() != 200 && i < 20; i++) {
                Thread.sleep(500);
                ready = api.get("/health/ready", null);
            }
            assertEquals(200, ready.status(), "ready again: " + ready);

            assertTrue(viewer.isOpen(), "the viewer's socket stayed open");
            assertEquals(204, timedRound(tenant).status());
            JsonObject timed = viewer.next(Duration.ofSeconds(10));
            while ("token".equals(timed.getString("type")) && !"timed".equals(timed.getString("reason"))) {
                timed = viewer.next(Duration.ofSeconds(10)); // a token of the round tried during the outage may still be queued
            }
            assertEquals("timed", timed.getString("reason"), timed.toString());

            slowestMillis.forEach((what, millis) -> assertTrue(millis < 5000, "during the outage " + what + " took " + millis + " ms"));

            String outageLog = Files.readString(log, StandardCharsets.ISO_8859_1).substring((int) logFrom);
            long frames = outageLog.lines().filter(line -> line.startsWith("\tat ")).count();
            long warnings = outageLog.lines().filter(line -> line.startsWith("WARNING")).count();
            List<String> ourStacks = stackTracesLoggedBy(outageLog, "dev.tokenkeeper", "org.eclipse.persistence");
            System.out.println("FaultsIT: the server logged " + warnings + " warning(s) and " + frames + " stack frame line(s) during the outage and recovery");
            assertTrue(ourStacks.isEmpty(), "an outage is a line per pass, not a stack trace: " + ourStacks);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** A refresh from a client id no app has, a new one each time (so that no cached miss answers it). */
    private Reply madeUpClient(int n) {
        return api.token(Map.of("grant_type", "refresh_token", "client_id", "Tk1.madeup" + n + "x" + System.nanoTime(),
                "client_secret", "not-a-secret", "refresh_token", "tkr_x"));
    }

    /** A tenant whose report is a Power BI report, with its own Entra app and its own answers from the fake. */
    private record PowerBiTenant(TenantFixture tenant, String entraToken) {
        void generateAnswersAfter(Duration delay) {
            microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).withHeader("Authorization", equalTo("Bearer " + entraToken))
                    .willReturn(generated().withFixedDelay((int) delay.toMillis())));
        }

        void generateFailsWith(int status) {
            microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).withHeader("Authorization", equalTo("Bearer " + entraToken))
                    .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                            .withHeader("Retry-After", "1").withBody("{\"error\":{\"code\":\"FaultsIT\"}}")));
        }
    }

    private PowerBiTenant powerBiTenant(String prefix) {
        TenantFixture tenant = api.newTenant("faults-" + prefix, true);
        String entraTenant = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        String secret = "it~" + UUID.randomUUID().toString().replace("-", "");
        String workspace = UUID.randomUUID().toString();
        String report = UUID.randomUUID().toString();
        String dataset = UUID.randomUUID().toString();
        String entraToken = "entra-" + prefix + "-" + UUID.randomUUID();
        microsoft.stubFor(post(urlPathEqualTo("/" + entraTenant + "/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + entraToken + "\"}")));
        microsoft.stubFor(get(urlPathEqualTo("/v1.0/myorg/groups/" + workspace + "/reports/" + report))
                .willReturn(okJson("{\"id\":\"" + report + "\",\"name\":\"Sales\",\"embedUrl\":\"https://app.powerbi.com/reportEmbed?reportId="
                        + report + "\",\"datasetId\":\"" + dataset + "\"}")));
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(5).withHeader("Authorization", equalTo("Bearer " + entraToken))
                .willReturn(generated()));
        Reply connection = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/powerbi", tenant.adminToken(),
                "{\"entraTenantId\":\"" + entraTenant + "\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}");
        assertEquals(200, connection.status(), connection.toString());
        Reply registered = api.postJson("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken(),
                "{\"id\":\"" + REPORT + "\",\"name\":\"Sales\",\"provider\":\"powerbi\",\"powerBi\":{\"workspaceId\":\"" + workspace
                        + "\",\"reportId\":\"" + report + "\",\"datasetId\":\"" + dataset + "\"}}");
        assertEquals(201, registered.status(), registered.toString());
        timedEveryMinute(tenant);
        return new PowerBiTenant(tenant, entraToken);
    }

    private static ResponseDefinitionBuilder generated() {
        return okJson("{\"token\":\"H4sI-faults-" + UUID.randomUUID() + "\",\"tokenId\":\"" + UUID.randomUUID()
                + "\",\"expiration\":\"2031-01-01T12:00:00Z\"}");
    }

    private TenantFixture builtinTenant(String prefix) {
        TenantFixture tenant = api.newTenant("faults-" + prefix, true);
        Reply report = api.postJson("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken(),
                "{\"id\":\"" + REPORT + "\",\"name\":\"Sales\"}");
        assertEquals(201, report.status(), report.toString());
        timedEveryMinute(tenant);
        return tenant;
    }

    private void timedEveryMinute(TenantFixture tenant) {
        Reply settings = api.sendJson("PUT", "/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken(),
                "{\"timedRefreshMinutes\":1,\"embedTokenMinutes\":60,\"refreshOnInteraction\":true}");
        assertEquals(200, settings.status(), settings.toString());
    }

    private static String userToken(TenantFixture tenant, String user) {
        return api.signIn(tenant, user).getString("access_token");
    }

    private static Reply timedRound(TenantFixture tenant) {
        return api.postJson("/test-support/viewers/timed-round/" + tenant.slug(), null, "");
    }

    private static void awaitGenerateCalls(PowerBiTenant tenant, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen;
        do {
            seen = microsoft.findAll(postRequestedFor(urlPathEqualTo(GENERATE_PATH))
                    .withHeader("Authorization", equalTo("Bearer " + tenant.entraToken))).size();
            if (seen >= atLeast) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Power BI saw " + seen + " GenerateToken call(s) of the tenant, expected " + atLeast);
    }

    /** The log records from these loggers (JUL's two-line format: "date source method" then "LEVEL: message") that carry a stack trace. */
    private static List<String> stackTracesLoggedBy(String text, String... prefixes) {
        List<String> found = new ArrayList<>();
        String source = "";
        boolean counted = false;
        for (String line : text.lines().toList()) {
            if (line.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .*")) {
                String[] parts = line.split(" ");
                source = parts.length > 5 ? parts[5] : "";
                counted = false;
            } else if (line.startsWith("\tat ") && !counted) {
                for (String prefix : prefixes) {
                    if (source.startsWith(prefix)) {
                        found.add(source);
                        counted = true;
                    }
                }
            }
        }
        return found;
    }

    private static JsonObject pollMessage(ViewerClient viewer) throws InterruptedException {
        try {
            return viewer.next(Duration.ofMillis(1));
        } catch (AssertionError none) {
            return null;
        }
    }

    private static void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), "the server exited; see " + log);
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(url.toURI().resolve("health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " not ready after 180 s; see " + log);
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
