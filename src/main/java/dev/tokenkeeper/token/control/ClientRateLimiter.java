package dev.tokenkeeper.token.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A token bucket per client id on the token endpoint. Counted per node: with N nodes a client may
 * reach N times the rate, which is the trade we take to keep a shared counter off the hot path.
 * The map is bounded, so made-up client ids cannot grow it without end.
 */
@ApplicationScoped
public class ClientRateLimiter {

    static final int MAX_TRACKED_CLIENTS = 50_000;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.rate-limit.per-second", defaultValue = "100")
    double perSecond;

    @Inject
    @ConfigProperty(name = "tokenkeeper.rate-limit.burst", defaultValue = "200")
    double burst;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @return 0 when the request may go ahead, otherwise the whole seconds to wait */
    public long acquire(String clientId) {
        if (perSecond <= 0 || clientId == null) {
            return 0;
        }
        long nowMillis = clock.millis();
        if (buckets.size() >= MAX_TRACKED_CLIENTS && !buckets.containsKey(clientId)) {
            buckets.values().removeIf(bucket -> bucket.isFullAt(nowMillis, perSecond, burst));
        }
        return buckets.computeIfAbsent(clientId, id -> new Bucket(burst, nowMillis)).take(nowMillis, perSecond, burst);
    }

    static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }

        synchronized long take(long now, double perSecond, double burst) {
            refill(now, perSecond, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }

        synchronized boolean isFullAt(long now, double perSecond, double burst) {
            refill(now, perSecond, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perSecond, double burst) {
            if (now > updatedAt) {
                tokens = Math.min(burst, tokens + (now - updatedAt) * perSecond / 1000.0);
                updatedAt = now;
            }
        }
    }
}
