package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy cut = new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(4), Duration.ofSeconds(15));

    @Test
    void backoffDoublesWithEachFailureUpToTheCapWithTheUpperHalfRandom() {
        Random random = new Random(1);
        long[] caps = {250, 500, 1_000, 2_000, 4_000, 4_000, 4_000};
        for (int failures = 1; failures <= caps.length; failures++) {
            for (int draw = 0; draw < 200; draw++) {
                long millis = cut.backoff(failures, random).toMillis();
                long cap = caps[failures - 1];
                assertTrue(millis >= cap / 2 && millis <= cap, "failure " + failures + ": " + millis + " ms, cap " + cap);
            }
        }
    }

    @Test
    void jitterSpreadsTheWaits() {
        Random random = new Random(2);
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> cut.backoff(3, random).toMillis()).distinct().count();
        assertTrue(distinct > 10, "waits of many nodes throttled together must not line up: " + distinct + " distinct of 50");
    }

    @Test
    void zeroBackoffIsAllowedAndStaysZero() {
        RetryPolicy none = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ZERO, none.backoff(2, new Random()));
    }

    @Test
    void nonsenseSettingsAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    }

    @Test
    void theLastAttemptGetsOnlyWhatIsLeftOfTheDeadline() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/x"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").build();

        assertSame(request, RetryPolicy.withinDeadline(request, Duration.ofSeconds(15)));
        HttpRequest cut = RetryPolicy.withinDeadline(request, Duration.ofSeconds(3));
        assertEquals(Optional.of(Duration.ofSeconds(3)), cut.timeout());
        assertEquals(Optional.of("application/json"), cut.headers().firstValue("Accept"));
        assertEquals(Optional.of(Duration.ofMillis(100)),
                RetryPolicy.withinDeadline(request, Duration.ofMillis(-5)).timeout(), "never below 100 ms");
    }
}
