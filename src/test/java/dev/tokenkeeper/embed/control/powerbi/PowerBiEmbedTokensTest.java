package dev.tokenkeeper.embed.control.powerbi;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.embed.control.SharedEmbedTokens;
import dev.tokenkeeper.embed.control.SharedEmbedTokensFixture;
import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.PowerBiCredentials;
import dev.tokenkeeper.embed.entity.PowerBiReportIds;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.security.control.OpaqueTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Power BI provider against a local fake of Entra ID and Power BI (WireMock) that answers as
 * Microsoft documents: the v2.0 token endpoint, Get Report In Group and GenerateToken (V2). Every
 * test checks what the fake received, not only what came back. Waits are recorded, never slept.
 */
class PowerBiEmbedTokensTest {

    private static final Instant T0 = Instant.parse("2026-11-25T11:00:00Z");
    private static final Duration HOUR = Duration.ofMinutes(60);

    private static final String ENTRA_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT_ID = "6a1c0a3e-0e3f-4d7e-9b0e-2f4c7f1d2a11";
    private static final String SECRET = "Qx~8Q~not.a.real.secret_0123456789abcdEF";
    private static final String SCOPE = "https://analysis.windows.net/powerbi/api/.default";
    private static final String WORKSPACE = "f089354e-8366-4e18-aea3-4cb4a3a50b48";
    private static final String REPORT = "5b218778-e7a5-4d73-8187-f10824047715";
    private static final String DATASET = "cfafbeb1-8037-4d0c-896e-a46fb27ff229";
    private static final String OTHER_REPORT = "69ffaa6c-b36d-4d01-96f5-1ed67c64d4af";

    private static final String TOKEN_PATH = "/" + ENTRA_TENANT + "/oauth2/v2.0/token";
    private static final String GENERATE_PATH = "/v1.0/myorg/GenerateToken";

    private static WireMockServer microsoft;

    private final TestClock clock = new TestClock(T0);
    private final List<Duration> slept = new ArrayList<>();
    private final List<String> credentialLookups = new ArrayList<>();
    private Optional<PowerBiCredentials> credentials = Optional.of(new PowerBiCredentials(ENTRA_TENANT, CLIENT_ID, SECRET));
    private PowerBiEmbedTokens cut;
    private PowerBiHttp http;

    @BeforeAll
    static void startFake() {
        microsoft = new WireMockServer(options().dynamicPort());
        microsoft.start();
    }

    @AfterAll
    static void stopFake() {
        microsoft.stop();
    }

    @BeforeEach
    void provider() {
        microsoft.resetAll();
        http = new PowerBiHttp();
        http.connectTimeoutSeconds = 2;
        http.requestTimeoutSeconds = 5;
        http.maxAttempts = 4;
        http.initialBackoffMillis = 200;
        http.maxBackoffMillis = 2_000;
        http.maxWaitSeconds = 15;
        http.sleeper = slept::add;
        http.clock = clock;
        http.random = new Random(7);
        http.start();

        EntraTokens entra = new EntraTokens();
        entra.authorityUrl = microsoft.baseUrl() + "/";
        entra.scope = SCOPE;
        entra.renewalMarginSeconds = 300;
        entra.http = http;
        entra.clock = clock;
        entra.hashes = new OpaqueTokens();

        PowerBiApi api = new PowerBiApi();
        api.apiUrl = microsoft.baseUrl();
        api.http = http;

        cut = new PowerBiEmbedTokens();
        cut.entra = entra;
        cut.api = api;
        cut.connections = new PowerBiConnectionStore() {
            @Override
            public Optional<PowerBiCredentials> credentials(String tenantId) {
                credentialLookups.add(tenantId);
                return credentials;
            }
        };

        entraAnswers(5399, "entra-1");
        microsoft.stubFor(get(urlPathEqualTo(reportPath(REPORT))).withHeader("Authorization", containing("Bearer entra-"))
                .willReturn(okJson(reportJson(REPORT))));
        microsoft.stubFor(get(urlPathEqualTo(reportPath(OTHER_REPORT))).withHeader("Authorization", containing("Bearer entra-"))
                .willReturn(okJson(reportJson(OTHER_REPORT))));
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).withHeader("Authorization", containing("Bearer entra-"))
                .willReturn(generated("2026-11-25T12:00:00Z")));
    }

    // ---- shared mints ------------------------------------------------------------------------------

    @Test
    void manyViewersAskingAtOnceCauseOneGenerateTokenPerIdentity() throws Exception {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).withHeader("Authorization", containing("Bearer entra-"))
                .willReturn(generated("2026-11-25T12:00:00Z").withFixedDelay(150))); // slow enough for the askers to overlap
        SharedEmbedTokens shared = SharedEmbedTokensFixture.inMemory(clock);
        Report open = report(List.of());
        Report filtered = report(List.of("Region"));
        ExecutorService viewers = Executors.newFixedThreadPool(16);
        try {
            List<Future<EmbedToken>> answers = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String user = i % 3 == 0 ? "ada" : "grace";
                Report report = i % 2 == 0 ? open : filtered;
                Optional<EffectiveIdentity> identity = report.identityFor(user);
                String key = "tenant|" + report.reportId() + "|" + report.rlsRoles() + "|60|" + EffectiveIdentity.keyOf(identity);
                answers.add(viewers.submit(() -> shared.get(key, () -> cut.mint(report, "acme", identity, HOUR, clock.instant()))));
            }
            for (Future<EmbedToken> answer : answers) {
                answer.get(20, TimeUnit.SECONDS);
            }
        } finally {
            viewers.shutdownNow();
        }
        // one token for the report without row-level security, one per user for the filtered one
        microsoft.verify(3, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withRequestBody(matchingJsonPath("$.identities[0].username", equalTo("ada"))));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withRequestBody(matchingJsonPath("$.identities[0].username", equalTo("grace"))));
    }

    // ---- Entra ID ----------------------------------------------------------------------------------

    @Test
    void entraTokenIsAskedForOnceByClientCredentialsAndCachedAcrossMints() {
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        clock.advance(Duration.ofMinutes(10));
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());

        microsoft.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(SECRET))
                .withFormParam("scope", equalTo(SCOPE)));
        microsoft.verify(2, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withHeader("Authorization", equalTo("Bearer entra-1")));
    }

    @Test
    void entraTokenIsRenewedBeforeItWouldCutAnEmbedTokenShort() {
        entraAnswersInTurn(5399, "entra-1", "entra-2"); // about 90 minutes, as Entra ID may give
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        clock.advance(Duration.ofMinutes(24)); // 65:59 left, more than lifetime + margin (65:00): still enough
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        clock.advance(Duration.ofMinutes(2)); // 63:59 left: less than lifetime + margin
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());

        microsoft.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withHeader("Authorization", equalTo("Bearer entra-2")));
        microsoft.verify(3, postRequestedFor(urlPathEqualTo(GENERATE_PATH)).withRequestBody(matchingJsonPath("$.lifetimeInMinutes", equalTo("60"))));
    }

    @Test
    void entraTokenThatCannotCoverLifetimeAndMarginIsRenewedOncePerMarginNotOnEveryMint() {
        entraAnswersInTurn(3599, "entra-1", "entra-2"); // the usual 60 minutes: less than 60 + 5 even when fresh
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        clock.advance(Duration.ofMinutes(4));
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        clock.advance(Duration.ofMinutes(2)); // 6 minutes old: a renewal now gives more than a margin back
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        microsoft.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void viewersArrivingTogetherShareOneEntraSignIn() throws Exception {
        microsoft.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).withFormParam("client_secret", equalTo(SECRET))
                .willReturn(okJson(entraJson(3599, "entra-1")).withFixedDelay(300)));
        ExecutorService viewers = Executors.newFixedThreadPool(8);
        try {
            List<Future<EmbedToken>> minted = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                minted.add(viewers.submit(() -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant())));
            }
            for (Future<EmbedToken> token : minted) {
                assertEquals("H4sI-fake-embed-token", token.get(30, TimeUnit.SECONDS).token());
            }
        } finally {
            viewers.shutdownNow();
        }
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        microsoft.verify(8, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
    }

    /** Issue 9: a hanging Power BI holds its caller (a viewer, a thread of a timed round) for the deadline, not 4 x 5 s. */
    @Test
    void aPowerBiThatNeverAnswersIsGivenUpAtTheDeadline() {
        http.deadlineSeconds = 1;
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(okJson("{}").withFixedDelay(6_000)));

        long started = System.nanoTime();
        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertTrue(tookMillis < 3_000, "gave up after " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("GenerateToken") && e.getMessage().contains("no answer"), e.getMessage());
    }

    @Test
    void anotherSecretForTheSameAppIsNotServedTheCachedToken() {
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        credentials = Optional.of(new PowerBiCredentials(ENTRA_TENANT, CLIENT_ID, "someone-elses-guess"));
        microsoft.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("someone-elses-guess"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}")));

        assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "globex", Optional.empty(), HOUR, clock.instant()));
        microsoft.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
    }

    @Test
    void badClientSecretIsNotRetriedAndTellsTheAdminWhatToCheck() {
        microsoft.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withHeader("x-ms-request-id", "0d6f1a2b-entra-request")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. "
                        + "Ensure the secret being sent in the request is the client secret value.\\r\\nTrace ID: 1\\r\\n\","
                        + "\"error_codes\":[7000215],\"trace_id\":\"1\",\"correlation_id\":\"2\"}")));

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        microsoft.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        microsoft.verify(0, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(List.of(), slept);
        assertTrue(e.getMessage().contains("AADSTS7000215") && e.getMessage().contains("client secret")
                && e.getMessage().contains("0d6f1a2b-entra-request"), e.getMessage());
        assertTrue(!e.getMessage().contains("Trace ID"), "only the first line of Entra's description: " + e.getMessage());
        assertTrue(!e.getMessage().contains(SECRET), "never the secret");
        assertEquals(PowerBiHttp.AFTER_REFUSAL, e.retryAfter());
    }

    // ---- GenerateToken ---------------------------------------------------------------------------

    @Test
    void generateTokenAsksForOneReportAndDatasetWithTheLifetimeAndNoIdentityWithoutRowLevelSecurity() {
        Report report = report(List.of());
        EmbedToken token = cut.mint(report, "acme", report.identityFor("ada"), Duration.ofMinutes(15), clock.instant());

        // GenerateTokenRequestV2 exactly: no identities (none), no targetWorkspaces (a viewer saves nothing)
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"datasets\":[{\"id\":\"" + DATASET + "\"}],\"reports\":[{\"id\":\"" + REPORT + "\"}],"
                        + "\"lifetimeInMinutes\":15}")));
        assertEquals("H4sI-fake-embed-token", token.token());
        assertEquals("49ae3742-54c0-4c29-af52-619ff93b5c80", token.tokenId());
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), token.expiration(), "Power BI's expiration, as it said");
        assertEquals("sales", token.reportId(), "our report id, not Power BI's");
    }

    @Test
    void reportWithRolesSendsTheViewersEffectiveIdentity() {
        Report report = report(List.of("Sales EMEA", "Viewer"));
        cut.mint(report, "acme", report.identityFor("ada@acme.example"), HOUR, clock.instant());

        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH))
                .withRequestBody(equalToJson("{\"datasets\":[{\"id\":\"" + DATASET + "\"}],\"reports\":[{\"id\":\"" + REPORT + "\"}],"
                        + "\"identities\":[{\"username\":\"ada@acme.example\",\"roles\":[\"Sales EMEA\",\"Viewer\"],"
                        + "\"datasets\":[\"" + DATASET + "\"]}],\"lifetimeInMinutes\":60}")));
    }

    @Test
    void embedUrlIsFetchedOncePerReport() {
        EmbedToken first = cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());
        EmbedToken other = cut.mint(reportOf(OTHER_REPORT), "acme", Optional.empty(), HOUR, clock.instant());

        microsoft.verify(1, getRequestedFor(urlPathEqualTo(reportPath(REPORT))).withHeader("Authorization", equalTo("Bearer entra-1")));
        microsoft.verify(1, getRequestedFor(urlPathEqualTo(reportPath(OTHER_REPORT))));
        assertEquals(embedUrl(REPORT), first.embedUrl());
        assertEquals(embedUrl(OTHER_REPORT), other.embedUrl());
    }

    // ---- throttling and failures -----------------------------------------------------------------

    @Test
    void throttledGenerateTokenWaitsForRetryAfterThenSucceeds() {
        answerInTurn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"TooManyRequestsException\",\"message\":\"Rate limit exceeded\"}}"));

        EmbedToken token = cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());

        assertEquals(List.of(Duration.ofSeconds(7)), slept);
        microsoft.verify(2, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals("H4sI-fake-embed-token", token.token());
    }

    @Test
    void serverErrorIsRetriedAfterABackoffWithJitter() {
        answerInTurn(aResponse().withStatus(503).withBody("{\"error\":{\"code\":\"ServiceUnavailable\"}}"));

        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());

        microsoft.verify(2, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(1, slept.size());
        assertBetween(Duration.ofMillis(100), Duration.ofMillis(200), slept.get(0)); // equal jitter over the 200 ms initial backoff
    }

    @Test
    void connectionFailureIsRetried() {
        answerInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant());

        microsoft.verify(2, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(1, slept.size());
    }

    @Test
    void persistentServerErrorGivesUpAfterTheBoundedAttemptsWithGrowingWaits() {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("RequestId", "pbi-req-500")));

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        microsoft.verify(4, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(3, slept.size(), "a wait between attempts, none after the last: " + slept);
        assertBetween(Duration.ofMillis(100), Duration.ofMillis(200), slept.get(0));
        assertBetween(Duration.ofMillis(200), Duration.ofMillis(400), slept.get(1));
        assertBetween(Duration.ofMillis(400), Duration.ofMillis(800), slept.get(2));
        assertTrue(e.getMessage().contains("4 attempts") && e.getMessage().contains("HTTP 500")
                && e.getMessage().contains("pbi-req-500"), e.getMessage());
        assertTrue(e.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0, "a Retry-After of at least a second: " + e.retryAfter());
    }

    @Test
    void totalWaitIsBoundedEvenWhenAttemptsRemain() {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "9")));

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        // 9 s waited once; a second 9 s would pass the 15 s budget, so the caller is told to come back instead
        assertEquals(List.of(Duration.ofSeconds(9)), slept);
        microsoft.verify(2, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(Duration.ofSeconds(9), e.retryAfter());
    }

    @Test
    void retryAfterLongerThanTheWaitBudgetIsPassedOnWithoutWaiting() {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        assertEquals(List.of(), slept);
        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(Duration.ofSeconds(120), e.retryAfter());
    }

    @Test
    void forbiddenByPowerBiIsNotRetried() {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("RequestId", "a1b2c3d4-pbi").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"PowerBINotAuthorizedException\",\"pbi.error\":{}}}")));

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        microsoft.verify(1, postRequestedFor(urlPathEqualTo(GENERATE_PATH)));
        assertEquals(List.of(), slept);
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("PowerBINotAuthorizedException")
                && e.getMessage().contains("Member or Admin") && e.getMessage().contains("a1b2c3d4-pbi"), e.getMessage());
    }

    @Test
    void tenantWithoutConnectionIsUnavailableWithoutCallingMicrosoft() {
        credentials = Optional.empty();

        EmbedTokenUnavailableException e = assertThrows(EmbedTokenUnavailableException.class,
                () -> cut.mint(report(List.of()), "acme", Optional.empty(), HOUR, clock.instant()));

        assertTrue(e.getMessage().contains("PUT /api/tenants/acme/powerbi"), e.getMessage());
        assertEquals(0, microsoft.getAllServeEvents().size());
        assertEquals(List.of("tenant-uuid"), credentialLookups, "credentials of the report's own tenant");
    }

    // ---- the fake --------------------------------------------------------------------------------

    private static Report report(List<String> roles) {
        return new Report("tenant-uuid", "sales", "Sales", ReportProvider.POWERBI, new PowerBiReportIds(WORKSPACE, REPORT, DATASET), roles, T0);
    }

    private static Report reportOf(String powerBiReportId) {
        return new Report("tenant-uuid", "other", "Other", ReportProvider.POWERBI,
                new PowerBiReportIds(WORKSPACE, powerBiReportId, DATASET), List.of(), T0);
    }

    private static void entraAnswers(long expiresIn, String accessToken) {
        microsoft.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("client_secret="))
                .withFormParam("client_secret", equalTo(SECRET)).withFormParam("grant_type", equalTo("client_credentials"))
                .withHeader("Authorization", absent())
                .willReturn(okJson(entraJson(expiresIn, accessToken))));
    }

    /** Entra ID answers {@code tokens} one after the other (the last one from then on). */
    private static void entraAnswersInTurn(long expiresIn, String... tokens) {
        for (int i = 0; i < tokens.length; i++) {
            String state = i == 0 ? STARTED : "entra-" + i;
            var stub = post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).withFormParam("client_secret", equalTo(SECRET))
                    .inScenario("entra").whenScenarioStateIs(state).willReturn(okJson(entraJson(expiresIn, tokens[i])));
            microsoft.stubFor(i < tokens.length - 1 ? stub.willSetStateTo("entra-" + (i + 1)) : stub);
        }
    }

    /** GenerateToken answers {@code first} once, then succeeds. */
    private static void answerInTurn(ResponseDefinitionBuilder first) {
        microsoft.stubFor(post(urlPathEqualTo(GENERATE_PATH)).atPriority(1).inScenario("generate").whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("recovered"));
    }

    private static String entraJson(long expiresIn, String accessToken) {
        return "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":" + expiresIn
                + ",\"access_token\":\"" + accessToken + "\"}";
    }

    private static ResponseDefinitionBuilder generated(String expiration) {
        return okJson("{\"token\":\"H4sI-fake-embed-token\",\"tokenId\":\"49ae3742-54c0-4c29-af52-619ff93b5c80\","
                + "\"expiration\":\"" + expiration + "\"}");
    }

    private static String reportPath(String reportId) {
        return "/v1.0/myorg/groups/" + WORKSPACE + "/reports/" + reportId;
    }

    private static String reportJson(String reportId) {
        return "{\"id\":\"" + reportId + "\",\"reportType\":\"PowerBIReport\",\"name\":\"Sales\","
                + "\"webUrl\":\"https://app.powerbi.com/groups/" + WORKSPACE + "/reports/" + reportId + "\","
                + "\"embedUrl\":\"" + embedUrl(reportId) + "\",\"datasetId\":\"" + DATASET + "\"}";
    }

    private static String embedUrl(String reportId) {
        return "https://app.powerbi.com/reportEmbed?reportId=" + reportId + "&groupId=" + WORKSPACE;
    }

    private static void assertBetween(Duration low, Duration high, Duration actual) {
        assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0, actual + " not within " + low + " … " + high);
    }
}
