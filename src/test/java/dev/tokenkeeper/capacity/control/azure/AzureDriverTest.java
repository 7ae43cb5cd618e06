package dev.tokenkeeper.capacity.control.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tokenkeeper.capacity.control.CapacityDriver.DriverException;
import dev.tokenkeeper.capacity.control.CapacityDriver.Progress;
import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.security.control.OpaqueTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The azure driver against an in-process WireMock fake of Entra ID and Azure Resource Manager: no container, no waiting (a recorded sleeper). */
class AzureDriverTest {

    static final ArmTarget TARGET = new ArmTarget("3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", "rg", "tkcap", "0b5a1d6c-1f2e-4c3d-9a8b-7c6d5e4f3a2b",
            "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "not-a-real-secret");
    static final String CAPACITY = TARGET.resourcePath();
    static final String OPERATIONS = "/subscriptions/" + TARGET.subscriptionId() + "/providers/Microsoft.PowerBIDedicated/locations/brazilsouth";

    static WireMockServer arm;
    AzureDriver cut;
    final List<Duration> waits = new ArrayList<>();

    @BeforeAll
    static void startArm() {
        arm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        arm.start();
    }

    @AfterAll
    static void stopArm() {
        arm.stop();
    }

    @BeforeEach
    void start() {
        arm.resetAll();
        arm.stubFor(post(urlPathEqualTo("/" + TARGET.entraTenantId() + "/oauth2/v2.0/token"))
                .withRequestBody(containing("scope=https%3A%2F%2Fmanagement.azure.com%2F.default"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"arm-token\"}")));
        ArmHttp http = new ArmHttp();
        http.connectTimeoutSeconds = 1;
        http.requestTimeoutSeconds = 2;
        http.maxAttempts = 4;
        http.initialBackoffMillis = 100;
        http.maxBackoffMillis = 400;
        http.maxWaitSeconds = 15;
        http.sleeper = waits::add;
        http.clock = Clock.systemUTC();
        http.start();
        ArmTokens tokens = new ArmTokens();
        tokens.authorityUrl = base();
        tokens.scope = "https://management.azure.com/.default";
        tokens.http = http;
        tokens.hashes = new OpaqueTokens();
        tokens.clock = Clock.systemUTC();
        cut = new AzureDriver();
        cut.armUrl = base();
        cut.apiVersion = "2021-01-01";
        cut.http = http;
        cut.tokens = tokens;
        cut.connections = new AzureConnectionStore() {
            @Override
            public ArmTarget target(String tenantId) {
                return TARGET;
            }
        };
    }

    String base() {
        return "http://127.0.0.1:" + arm.port();
    }

    static Capacity row(CapacityState state, String operationUrl) {
        return new Capacity("tenant-1", state, Instant.now(), AzureDriver.NAME, operationUrl);
    }

    void capacityState(String state) {
        arm.stubFor(get(urlPathEqualTo(CAPACITY)).withQueryParam("api-version", equalTo("2021-01-01"))
                .willReturn(okJson("{\"name\":\"tkcap\",\"properties\":{\"state\":\"" + state + "\",\"provisioningState\":\"Succeeded\"}}")));
    }

    @Test
    void suspendFollowsTheAzureAsyncOperationUntilItSucceeds() {
        String operation = base() + OPERATIONS + "/operationStatuses/op-1?api-version=2021-01-01";
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).withHeader("Authorization", equalTo("Bearer arm-token"))
                .willReturn(aResponse().withStatus(202).withHeader("Azure-AsyncOperation", operation).withHeader("Retry-After", "7")));
        Progress started = cut.pause(row(CapacityState.PAUSING, null));
        assertFalse(started.done());
        assertEquals(operation, started.operationUrl());
        assertEquals(7, started.retryAfterSeconds(), "when ARM says to look again");

        arm.stubFor(get(urlPathEqualTo(OPERATIONS + "/operationStatuses/op-1")).willReturn(okJson("{\"status\":\"InProgress\"}")
                .withHeader("Retry-After", "3")));
        Progress running = cut.check(row(CapacityState.PAUSING, operation));
        assertFalse(running.done());
        assertEquals(operation, running.operationUrl());
        assertEquals(3, running.retryAfterSeconds());

        arm.stubFor(get(urlPathEqualTo(OPERATIONS + "/operationStatuses/op-1")).willReturn(okJson("{\"status\":\"Succeeded\"}")));
        capacityState("Paused");
        assertTrue(cut.check(row(CapacityState.PAUSING, operation)).done());
    }

    @Test
    void resumeFollowsTheLocationUntilItAnswers200() {
        String location = base() + OPERATIONS + "/operationResults/op-2?api-version=2021-01-01";
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/resume")).willReturn(aResponse().withStatus(202).withHeader("Location", location)));
        Progress started = cut.resume(row(CapacityState.RESUMING, null));
        assertEquals(location, started.operationUrl());
        arm.stubFor(get(urlPathEqualTo(OPERATIONS + "/operationResults/op-2")).inScenario("op-2").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withStatus(202).withHeader("Retry-After", "5")));
        arm.stubFor(get(urlPathEqualTo(OPERATIONS + "/operationResults/op-2")).inScenario("op-2").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200)));
        capacityState("Resuming");
        Progress running = cut.check(row(CapacityState.RESUMING, location));
        assertFalse(running.done());
        assertEquals(5, running.retryAfterSeconds());
        capacityState("Succeeded");
        assertTrue(cut.check(row(CapacityState.RESUMING, location)).done());
    }

    @Test
    void aBusyCapacityIsLookedAtLaterNotRefused() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"Conflict\",\"message\":\"Operation in progress\"}}")));
        Progress progress = cut.pause(row(CapacityState.PAUSING, null));
        assertFalse(progress.done());
        assertNull(progress.operationUrl());
    }

    @Test
    void withoutAnOperationTheCapacitysStateDecides() {
        capacityState("Suspending");
        assertFalse(cut.check(row(CapacityState.PAUSING, null)).done(), "transitional: wait");
        capacityState("Suspended");
        assertTrue(cut.check(row(CapacityState.PAUSING, null)).done());
        capacityState("Paused");
        assertTrue(cut.check(row(CapacityState.PAUSING, null)).done(), "paused is done for a pause");
    }

    @Test
    void aCapacityStillInTheOldStateIsAskedAgain() {
        capacityState("Succeeded");
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", base() + OPERATIONS + "/operationStatuses/op-3")));
        Progress progress = cut.check(row(CapacityState.PAUSING, null));
        assertFalse(progress.done());
        arm.verify(exactly(1), postRequestedFor(urlPathEqualTo(CAPACITY + "/suspend")));
    }

    @Test
    void aFailedOperationIsAProblemWithAzuresWords() {
        String operation = base() + OPERATIONS + "/operationStatuses/op-4";
        arm.stubFor(get(urlPathEqualTo(OPERATIONS + "/operationStatuses/op-4"))
                .willReturn(okJson("{\"status\":\"Failed\",\"error\":{\"code\":\"CapacityNotActive\",\"message\":\"quota\"}}")));
        DriverException e = assertThrows(DriverException.class, () -> cut.check(row(CapacityState.PAUSING, operation)));
        assertTrue(e.getMessage().contains("failed") && e.getMessage().contains("CapacityNotActive: quota"), e.getMessage());
    }

    @Test
    void anOperationOutsideArmIsNotFollowedWithOurToken() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", "http://attacker.example/steal")));
        DriverException e = assertThrows(DriverException.class, () -> cut.pause(row(CapacityState.PAUSING, null)));
        assertTrue(e.getMessage().contains("not followed"), e.getMessage());
    }

    @Test
    void aRefusalIsReportedAtOnceWithAdvice() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).willReturn(aResponse().withStatus(403).withHeader("x-ms-request-id", "req-42")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no suspend/action\"}}")));
        DriverException e = assertThrows(DriverException.class, () -> cut.pause(row(CapacityState.PAUSING, null)));
        assertTrue(e.getMessage().contains("AuthorizationFailed: no suspend/action"), e.getMessage());
        assertTrue(e.getMessage().contains("Contributor"), e.getMessage());
        assertTrue(e.getMessage().contains("req-42"), e.getMessage());
        assertFalse(e.getMessage().contains(TARGET.clientSecret()));
        arm.verify(exactly(1), postRequestedFor(urlPathEqualTo(CAPACITY + "/suspend")));
        assertEquals(List.of(), waits, "a 403 is not retried");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenReported() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/resume")).willReturn(aResponse().withStatus(503)));
        DriverException e = assertThrows(DriverException.class, () -> cut.resume(row(CapacityState.RESUMING, null)));
        assertTrue(e.getMessage().contains("after 4 attempts") && e.getMessage().contains("HTTP 503"), e.getMessage());
        arm.verify(exactly(4), postRequestedFor(urlPathEqualTo(CAPACITY + "/resume")));
        assertEquals(3, waits.size());
        assertTrue(waits.get(2).compareTo(waits.get(0)) > 0, "backs off: " + waits);
    }

    @Test
    void throttlingWaitsForRetryAfter() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/resume")).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/resume")).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202).withHeader("Location", base() + OPERATIONS + "/operationResults/op-5")));
        assertFalse(cut.resume(row(CapacityState.RESUMING, null)).done());
        assertEquals(List.of(Duration.ofSeconds(2)), waits);
    }

    @Test
    void aSlowArmThatTimesOutIsRetried() {
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fast")
                .willReturn(aResponse().withStatus(202).withFixedDelay(3000)));
        arm.stubFor(post(urlPathEqualTo(CAPACITY + "/suspend")).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(202).withHeader("Azure-AsyncOperation", base() + OPERATIONS + "/operationStatuses/op-6")));
        Progress progress = cut.pause(row(CapacityState.PAUSING, null));
        assertTrue(progress.operationUrl().endsWith("op-6"), "the second, timely answer is taken");
        assertFalse(waits.isEmpty(), "retried after the timeout");
    }

    @Test
    void aStateFromWhichNothingCanBeDoneIsAProblem() {
        capacityState("Deleting");
        DriverException e = assertThrows(DriverException.class, () -> cut.check(row(CapacityState.RESUMING, null)));
        assertTrue(e.getMessage().contains("Deleting"), e.getMessage());
    }

    @Test
    void aWrongSecretIsReportedAsEntraIdsRefusal() {
        arm.stubFor(post(urlPathEqualTo("/" + TARGET.entraTenantId() + "/oauth2/v2.0/token")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}")));
        DriverException e = assertThrows(DriverException.class, () -> cut.pause(row(CapacityState.PAUSING, null)));
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertTrue(e.getMessage().contains("/capacity/azure"), e.getMessage());
    }
}
