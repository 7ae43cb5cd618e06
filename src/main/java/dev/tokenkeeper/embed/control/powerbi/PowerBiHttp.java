package dev.tokenkeeper.embed.control.powerbi;

import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.platform.control.MicrosoftErrors;
import dev.tokenkeeper.platform.control.RetryAfter;
import dev.tokenkeeper.platform.control.RetryPolicy;
import dev.tokenkeeper.platform.control.Sleeper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One HTTP call to Entra ID or Power BI, retried the way Microsoft asks: throttling (429) waits for
 * its {@code Retry-After}; a 5xx or an I/O failure is retried with exponential backoff and jitter;
 * both within {@link RetryPolicy}. Any other 4xx is an answer, not a hiccup (wrong secret, no access
 * to the workspace): retrying cannot fix it, so it is logged once, with Microsoft's request id for a
 * support case, and reported at once. Whatever gives up becomes {@link EmbedTokenUnavailableException}.
 */
@ApplicationScoped
public class PowerBiHttp {

    private static final Logger LOG = System.getLogger(PowerBiHttp.class.getName());

    /**
     * What we tell callers after a refusal that only an admin can fix: asking again within seconds
     * would only load Microsoft's endpoints, and a minute is enough to notice a corrected connection.
     */
    public static final Duration AFTER_REFUSAL = Duration.ofSeconds(60);

    /** Response headers that carry the id Microsoft support asks for: Power BI's, then Entra ID's. */
    private static final String[] REQUEST_ID_HEADERS = {"RequestId", "x-ms-request-id"};

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.connect-timeout-seconds", defaultValue = "5")
    long connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.request-timeout-seconds", defaultValue = "10")
    long requestTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.retry.max-attempts", defaultValue = "4")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.retry.initial-backoff-millis", defaultValue = "250")
    long initialBackoffMillis;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.retry.max-backoff-millis", defaultValue = "4000")
    long maxBackoffMillis;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.retry.max-wait-seconds", defaultValue = "15")
    long maxWaitSeconds;

    /**
     * The most one call may take, answers and waits together. Without it a Power BI that accepts the
     * connection and never answers held the caller for every attempt's full request timeout (4 x 10 s,
     * plus backoff): a viewer's refresh, or a thread of a timed round. The last attempt gets only the
     * time that is left. 0 turns it off.
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.deadline-seconds", defaultValue = "20")
    long deadlineSeconds;

    @Inject
    Sleeper sleeper;

    @Inject
    Clock clock;

    /** {@link Random} is thread-safe; tests may set a seeded one. */
    Random random = new Random();

    RetryPolicy policy;
    HttpClient client;

    @PostConstruct
    void start() {
        policy = new RetryPolicy(maxAttempts, Duration.ofMillis(initialBackoffMillis), Duration.ofMillis(maxBackoffMillis),
                Duration.ofSeconds(maxWaitSeconds));
        client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                // HTTP/1.1: Microsoft's endpoints serve it, and it needs no h2c upgrade dance with proxies or fakes
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request to {@code uri} with the request timeout and {@code Accept: application/json} set. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(requestTimeoutSeconds)).header("Accept", "application/json");
    }

    /**
     * Sends {@code request} until it succeeds or the policy gives up.
     *
     * @param what the call in words, for messages: "Entra ID sign-in of client …"
     * @param advice what an admin should check after a refusal with this status (401, 403, 404, …)
     * @return the body of the 2xx answer
     * @throws EmbedTokenUnavailableException refused, or still failing after the allowed retries
     */
    public String send(HttpRequest request, String what, IntFunction<String> advice) {
        Duration waited = Duration.ZERO;
        long started = System.nanoTime();
        Duration deadline = deadlineSeconds > 0 ? Duration.ofSeconds(deadlineSeconds) : Duration.ofDays(1); // 0: no deadline
        for (int attempt = 1; ; attempt++) {
            String failure;
            Optional<Duration> serverHint = Optional.empty();
            String requestId = null;
            IOException ioFailure = null;
            try {
                HttpResponse<String> response = client.send(RetryPolicy.withinDeadline(request, deadline.minusNanos(System.nanoTime() - started)),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body();
                }
                requestId = requestId(response);
                if (status != 429 && status < 500) {
                    throw refused(what, response, requestId, advice.apply(status));
                }
                // RFC 9110 §10.2.3, and Microsoft's throttling guidance: a 429 (or a 503) may say when to come back
                serverHint = retryAfter(response);
                failure = "HTTP " + status + remoteError(response.body());
            } catch (IOException e) {
                ioFailure = e;
                failure = "no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbedTokenUnavailableException(what + " was interrupted", policy.initialBackoff(), e);
            }
            int failures = attempt;
            Duration wait = serverHint.orElseGet(() -> policy.backoff(failures, random));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (attempt >= policy.maxAttempts() || waited.plus(wait).compareTo(policy.maxTotalWait()) > 0
                    || elapsed.plus(wait).compareTo(deadline) >= 0) {
                String message = what + " failed after " + attempt + (attempt == 1 ? " attempt" : " attempts") + ": " + failure
                        + (requestId == null ? "" : " (request id " + requestId + ")");
                LOG.log(Level.WARNING, message);
                throw new EmbedTokenUnavailableException(message, atLeastOneSecond(wait), ioFailure);
            }
            LOG.log(Level.DEBUG, "{0}: {1}; retry in {2} ms", what, failure, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbedTokenUnavailableException(what + " was interrupted while waiting to retry", wait, e);
            }
            waited = waited.plus(wait);
        }
    }

    private static EmbedTokenUnavailableException refused(String what, HttpResponse<String> response, String requestId, String advice) {
        String message = what + " was refused: HTTP " + response.statusCode() + remoteError(response.body()) + ". " + advice
                + (requestId == null ? "" : " (Microsoft request id " + requestId + ")");
        LOG.log(Level.WARNING, message);
        return new EmbedTokenUnavailableException(message, AFTER_REFUSAL, null);
    }

    private static String requestId(HttpResponse<String> response) {
        return MicrosoftErrors.requestId(response, REQUEST_ID_HEADERS);
    }

    /** {@code Retry-After} as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3); empty when absent or unreadable. */
    Optional<Duration> retryAfter(HttpResponse<String> response) {
        return RetryAfter.of(response, clock);
    }

    /** Microsoft's own words about a failure: see {@link MicrosoftErrors#describe}. */
    static String remoteError(String body) {
        return MicrosoftErrors.describe(body);
    }

    /** {@code Retry-After} goes out in whole seconds: round up, and never tell a client "0". */
    private static Duration atLeastOneSecond(Duration wait) {
        long seconds = (wait.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
