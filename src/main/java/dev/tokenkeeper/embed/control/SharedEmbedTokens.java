package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.embed.entity.EmbedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One mint per (report, effective identity, lifetime) per refresh round, however many viewers and
 * nodes ask: a token minted less than {@code share-seconds} ago is handed to everyone who asks.
 * Power BI rate-limits GenerateToken, and ten thousand viewers of one TV dashboard need one token.
 *
 * <p>Within a node, concurrent askers wait for the one mint in flight. Across nodes, a short lease in
 * the shared store lets one node mint while the others wait for its token; if the lease holder takes
 * too long (or died), the others mint for themselves rather than leave viewers without a token.
 */
@ApplicationScoped
public class SharedEmbedTokens {

    private static final Logger LOG = Logger.getLogger(SharedEmbedTokens.class.getName());
    private static final Duration POLL = Duration.ofMillis(25);

    @Inject
    SharedTokenStore store;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.embed.share-seconds", defaultValue = "30")
    int shareSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.embed.lease-wait-millis", defaultValue = "3000")
    long leaseWaitMillis;

    private final ConcurrentMap<String, CompletableFuture<EmbedToken>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param key names what the token is for (tenant, report, identity, lifetime); equal keys share
     * @param mint called at most once per node per round for the key, only when no fresh token is shared
     */
    public EmbedToken get(String key, Supplier<EmbedToken> mint) {
        Optional<EmbedToken> fresh = fresh(key);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        CompletableFuture<EmbedToken> mine = new CompletableFuture<>();
        CompletableFuture<EmbedToken> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            mine.complete(mintOnce(key, mint));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(key, mine);
        }
        return join(mine);
    }

    private EmbedToken mintOnce(String key, Supplier<EmbedToken> mint) {
        Optional<EmbedToken> fresh = fresh(key); // another node may have shared one meanwhile
        if (fresh.isPresent()) {
            return fresh.get();
        }
        if (!store.tryLease(key)) {
            Optional<EmbedToken> theirs = awaitAnotherNode(key);
            if (theirs.isPresent()) {
                return theirs.get();
            }
            LOG.warning(() -> "Another node held the mint lease for " + key + " for over " + leaseWaitMillis + " ms: minting here");
        }
        try {
            Instant mintedAt = clock.instant();
            EmbedToken minted = mint.get();
            store.put(key, SharedEmbedToken.encode(minted, mintedAt));
            return minted;
        } finally {
            store.releaseLease(key);
        }
    }

    private Optional<EmbedToken> awaitAnotherNode(String key) {
        long deadline = System.nanoTime() + Duration.ofMillis(leaseWaitMillis).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<EmbedToken> fresh = fresh(key);
            if (fresh.isPresent()) {
                return fresh;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Optional<EmbedToken> fresh(String key) {
        Instant now = clock.instant();
        return store.get(key).flatMap(SharedEmbedToken::decode)
                .filter(shared -> shared.isFreshAt(now, Duration.ofSeconds(shareSeconds)))
                .map(SharedEmbedToken::token);
    }

    private static EmbedToken join(CompletableFuture<EmbedToken> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
