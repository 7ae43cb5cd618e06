package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.platform.control.ClusterCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

/**
 * The shared store on Payara's JCache, which Hazelcast backs: every node of a cluster sees the same
 * entries, so a refresh round mints each token once for the whole cluster. Entries expire by
 * themselves, so nothing here needs cleaning: a token after an hour is of no use to anyone, a lease
 * after ten seconds belongs to a node that died while minting.
 */
@ApplicationScoped
public class JCacheSharedTokenStore implements SharedTokenStore {

    static final String TOKENS = "tokenkeeper-embed-tokens";
    static final String LEASES = "tokenkeeper-embed-mint-leases";

    @Inject
    CacheManager caches;

    private Cache<String, String> tokens;
    private Cache<String, String> leases;
    /** Who holds a lease, so that a node only ever releases its own. */
    private final String holder = UUID.randomUUID().toString();

    @PostConstruct
    void open() {
        tokens = cache(TOKENS, new Duration(TimeUnit.MINUTES, 61));
        leases = cache(LEASES, new Duration(TimeUnit.SECONDS, 10));
    }

    private Cache<String, String> cache(String name, Duration lifetime) {
        return ClusterCaches.open(caches, name, String.class, String.class, CreatedExpiryPolicy.factoryOf(lifetime));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(String key, String value) {
        tokens.put(key, value);
    }

    @Override
    public boolean tryLease(String key) {
        return leases.putIfAbsent(key, holder);
    }

    @Override
    public void releaseLease(String key) {
        leases.remove(key, holder);
    }
}
