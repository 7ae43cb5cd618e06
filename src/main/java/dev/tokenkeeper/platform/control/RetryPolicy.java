package dev.tokenkeeper.platform.control;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How hard to try before telling the caller to come back later. Bounded twice: by attempts and by
 * the total time spent waiting, because a viewer's request is waiting on the other end and a slow
 * answer is worse than a 503 with {@code Retry-After}.
 *
 * @param maxAttempts calls in all, the first included
 * @param initialBackoff the wait after the first failure; it doubles with each failure after that
 * @param maxBackoff no single wait is longer
 * @param maxTotalWait the waits of one call together stay within this; a {@code Retry-After} that
 *        would break it is not waited for but passed on to our caller
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry max-attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxTotalWait.isNegative()) {
            throw new IllegalArgumentException("retry waits must be positive, with max-backoff at least initial-backoff");
        }
    }

    /**
     * The wait after the {@code failures}-th failure: exponential, capped, with "equal jitter" (half
     * fixed, half random). The random half keeps the nodes of a cluster, throttled at the same moment,
     * from coming back in step; the fixed half keeps the wait from collapsing to nothing.
     */
    public Duration backoff(int failures, RandomGenerator random) {
        long capMillis = initialBackoff.toMillis();
        for (int i = 1; i < failures && capMillis < maxBackoff.toMillis(); i++) {
            capMillis *= 2;
        }
        capMillis = Math.min(capMillis, maxBackoff.toMillis());
        long half = capMillis / 2;
        return Duration.ofMillis(half + (capMillis - half == 0 ? 0 : random.nextLong(capMillis - half + 1)));
    }

    /**
     * The request with its timeout cut to what is left of the whole call's deadline (never below
     * 100 ms): the last attempt of a call against a hanging server gets only the time that is left.
     */
    public static HttpRequest withinDeadline(HttpRequest request, Duration left) {
        Duration floor = Duration.ofMillis(100);
        Duration allowed = left.compareTo(floor) < 0 ? floor : left;
        if (request.timeout().map(timeout -> timeout.compareTo(allowed) <= 0).orElse(false)) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(allowed).build();
    }
}
