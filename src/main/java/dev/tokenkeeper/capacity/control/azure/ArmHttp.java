package dev.tokenkeeper.capacity.control.azure;

import dev.tokenkeeper.capacity.control.CapacityDriver.DriverException;
import dev.tokenkeeper.platform.control.MicrosoftErrors;
import dev.tokenkeeper.platform.control.RetryAfter;
import dev.tokenkeeper.platform.control.RetryPolicy;
import dev.tokenkeeper.platform.control.Sleeper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One HTTP call to Entra ID or Azure Resource Manager, with the Power BI provider's retry rules (the
 * same {@link RetryPolicy}, with its own keys): throttling (429) waits for its {@code Retry-After};
 * a 5xx or an I/O failure is retried with exponential backoff and jitter; any other 4xx is an
 * answer that retrying cannot change, reported at once with ARM's words and request id. Unlike
 * Power BI's calls, a 202 is a normal answer here (ARM's asynchronous operations), and its
 * {@code Retry-After} says when to look at the operation, not when to send again.
 */
@ApplicationScoped
public class ArmHttp {

    private static final Logger LOG = Logger.getLogger(ArmHttp.class.getName());

    /** ARM's request id, then Entra ID's: what Microsoft support asks for. */
    private static final String[] REQUEST_ID_HEADERS = {"x-ms-request-id", "x-ms-correlation-request-id"};

    /** An answer from ARM: the status, body and the headers of its asynchronous pattern. */
    public record Answer(int status, String body, String asyncOperation, String location, long retryAfterSeconds) {
    }

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.connect-timeout-seconds", defaultValue = "5")
    long connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.request-timeout-seconds", defaultValue = "10")
    long requestTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.retry.max-attempts", defaultValue = "4")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.retry.initial-backoff-millis", defaultValue = "250")
    long initialBackoffMillis;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.retry.max-backoff-millis", defaultValue = "4000")
    long maxBackoffMillis;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.retry.max-wait-seconds", defaultValue = "15")
    long maxWaitSeconds;

    /**
     * The most one call may take, answers and waits together (as {@code tokenkeeper.powerbi.deadline-seconds}):
     * without it an ARM that accepts the connection and never answers held the caller for every
     * attempt's full request timeout, ~41 s with the defaults. 0 turns it off.
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.deadline-seconds", defaultValue = "20")
    long deadlineSeconds;

    @Inject
    Sleeper sleeper;

    @Inject
    Clock clock;

    Random random = new Random();
    RetryPolicy policy;
    HttpClient client;

    @PostConstruct
    void start() {
        policy = new RetryPolicy(maxAttempts, Duration.ofMillis(initialBackoffMillis), Duration.ofMillis(maxBackoffMillis),
                Duration.ofSeconds(maxWaitSeconds));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(connectTimeoutSeconds)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(requestTimeoutSeconds)).header("Accept", "application/json");
    }

    /**
     * Sends until a 2xx (or one of {@code alsoAnswers}, such as ARM's 409 for a capacity busy with
     * another operation) comes back, or the policy gives up.
     *
     * @param what the call in words, for messages
     * @param advice what an admin should check after a refusal with this status
     * @throws DriverException refused, or still failing after the allowed retries
     */
    public Answer send(HttpRequest request, String what, Set<Integer> alsoAnswers, IntFunction<String> advice) {
        Duration waited = Duration.ZERO;
        long started = System.nanoTime();
        Duration deadline = deadlineSeconds > 0 ? Duration.ofSeconds(deadlineSeconds) : Duration.ofDays(1); // 0: no deadline
        for (int attempt = 1; ; attempt++) {
            String failure;
            Optional<Duration> serverHint = Optional.empty();
            String requestId = null;
            try {
                HttpResponse<String> response = client.send(RetryPolicy.withinDeadline(request, deadline.minusNanos(System.nanoTime() - started)),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if ((status >= 200 && status < 300) || alsoAnswers.contains(status)) {
                    return new Answer(status, response.body(), response.headers().firstValue("Azure-AsyncOperation").orElse(null),
                            response.headers().firstValue("Location").orElse(null), retryAfter(response).map(Duration::getSeconds).orElse(0L));
                }
                requestId = requestId(response);
                if (status != 429 && status < 500) {
                    String message = what + " was refused: HTTP " + status + MicrosoftErrors.describe(response.body()) + ". " + advice.apply(status)
                            + (requestId == null ? "" : " (Microsoft request id " + requestId + ")");
                    LOG.warning(message);
                    throw new DriverException(message);
                }
                // RFC 9110 §10.2.3 and ARM's throttling guidance: a 429 (or a 503) may say when to come back
                serverHint = retryAfter(response);
                failure = "HTTP " + status + MicrosoftErrors.describe(response.body());
            } catch (IOException e) {
                failure = "no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(what + " was interrupted", e);
            }
            int failures = attempt;
            Duration wait = serverHint.orElseGet(() -> policy.backoff(failures, random));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (attempt >= policy.maxAttempts() || waited.plus(wait).compareTo(policy.maxTotalWait()) > 0
                    || elapsed.plus(wait).compareTo(deadline) >= 0) {
                String message = what + " failed after " + attempt + (attempt == 1 ? " attempt" : " attempts") + ": " + failure
                        + (requestId == null ? "" : " (request id " + requestId + ")");
                LOG.warning(message);
                throw new DriverException(message);
            }
            LOG.log(Level.FINE, "{0}: {1}; retry in {2} ms", new Object[] {what, failure, wait.toMillis()});
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(what + " was interrupted while waiting to retry", e);
            }
            waited = waited.plus(wait);
        }
    }

    private static String requestId(HttpResponse<String> response) {
        return MicrosoftErrors.requestId(response, REQUEST_ID_HEADERS);
    }

    /** {@code Retry-After} as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3); empty when absent or unreadable. */
    Optional<Duration> retryAfter(HttpResponse<String> response) {
        return RetryAfter.of(response, clock);
    }
}
