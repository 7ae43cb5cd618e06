package dev.tokenkeeper.embed.control.powerbi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class PowerBiHttpTest {

    private final PowerBiHttp cut = new PowerBiHttp();

    {
        cut.clock = new TestClock(Instant.parse("2026-11-25T11:00:00Z"));
    }

    @Test
    void retryAfterInSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), cut.retryAfter(answer("30")));
    }

    @Test
    void retryAfterAsHttpDateIsTheTimeUntilThen() {
        // RFC 9110 §10.2.3 allows an HTTP-date; RFC 1123 format
        assertEquals(Optional.of(Duration.ofSeconds(90)), cut.retryAfter(answer("Wed, 25 Nov 2026 11:01:30 GMT")));
        assertEquals(Optional.of(Duration.ZERO), cut.retryAfter(answer("Wed, 25 Nov 2026 10:00:00 GMT")), "a date past is now");
    }

    @Test
    void unreadableOrMissingRetryAfterIsIgnored() {
        assertEquals(Optional.empty(), cut.retryAfter(answer("soon")));
        assertEquals(Optional.empty(), cut.retryAfter(answer(null)));
    }

    @Test
    void microsoftsErrorWordsAreTakenFromEitherShape() {
        assertEquals(" (invalid_client: AADSTS7000215: Invalid client secret provided.)",
                PowerBiHttp.remoteError("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: x\"}"));
        assertEquals(" (PowerBIEntityNotFound: not found)", PowerBiHttp.remoteError("{\"error\":{\"code\":\"PowerBIEntityNotFound\",\"message\":\"not found\"}}"));
        assertEquals("", PowerBiHttp.remoteError("<html>Bad gateway</html>"));
        assertEquals("", PowerBiHttp.remoteError("{not json"));
    }

    private static HttpResponse<String> answer(String retryAfter) {
        HttpHeaders headers = HttpHeaders.of(retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter)), (a, b) -> true);
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return 429;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
            }

            @Override
            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public String body() {
                return "";
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return URI.create("http://localhost/");
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
