package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.platform.control.ClusterCaches;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Apps and tenants, read on every grant, kept in each node's memory and invalidated on every node
 * at once. Each entry is stamped with a version that lives in Payara's cluster-wide JCache
 * (Hazelcast): a lookup reads the version (no database; on one node a local map read, in a cluster
 * usually one hop to the member that owns the key) and uses its copy only when the stamp still matches. A change replaces the version, once when the entity is written and
 * again when its transaction has committed, before the change is answered: the next lookup on any
 * node, even one that reloaded the old row a moment before the commit, sees a new version and
 * reads the database again. Only the version crosses the cluster, never the app or its secret hash.
 *
 * <p>Misses are cached too, in a map with a bound (a client id that no app has does not get this far:
 * {@link ClientIds} answers it); every copy is also dropped after {@code tokenkeeper.directory.cache-seconds}, a
 * safety net for rows changed behind the application's back (by hand, in SQL).
 */
@ApplicationScoped
public class DirectoryCache {

    private static final Logger LOG = System.getLogger(DirectoryCache.class.getName());
    static final String VERSIONS = "tokenkeeper-directory-versions";
    private static final int MAX_ENTRIES = 50_000;

    @Inject
    CacheManager caches;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.directory.cache-seconds", defaultValue = "300")
    long cacheSeconds;

    private Cache<String, Long> versions;
    private Duration copyLifetime;
    private final ConcurrentHashMap<String, Entry> copies = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private record Entry(long version, Optional<?> value, Instant loadedAt) {
    }

    @PostConstruct
    void open() {
        versions = ClusterCaches.open(caches, VERSIONS, String.class, Long.class, null);
        copyLifetime = Duration.ofSeconds(cacheSeconds);
    }

    /** How long a copy is trusted at most, whatever the versions say ({@code tokenkeeper.directory.cache-seconds}). */
    public Duration copyLifetime() {
        return copyLifetime;
    }

    /** The copy for {@code key} while its version is current; else what {@code loader} reads, remembered. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(String key, Supplier<Optional<T>> loader) {
        long version;
        try {
            version = version(key);
        } catch (RuntimeException gridUnreadable) {
            // Without the version no copy can be trusted, and a grant must not fail for want of a
            // cache: read the database (as before the cache), remember nothing. DEBUG: once per lookup.
            LOG.log(Level.DEBUG, "Cannot read the directory version of {0}, reading the database: {1}", key,
                    gridUnreadable.getMessage());
            return loader.get();
        }
        Instant now = clock.instant();
        Entry entry = copies.get(key);
        if (entry != null && entry.version() == version && now.isBefore(entry.loadedAt().plus(copyLifetime))) {
            return (Optional<T>) entry.value();
        }
        Optional<T> loaded = loader.get();
        if (copies.size() >= MAX_ENTRIES) {
            // A flood of made-up client ids must not grow the heap: start over (a miss costs one query).
            copies.clear();
        }
        copies.put(key, new Entry(version, loaded, now));
        return loaded;
    }

    /**
     * Invalidates {@code key} on every node: now, and again after the caller's transaction commits
     * (so that a node that read the row before the commit does not keep the old copy).
     */
    public void changed(String key) {
        bump(key);
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    bump(key);
                }
            });
        }
    }

    /** Whether this node holds a copy for {@code key}, current or not (no look at the cluster-wide cache). */
    public boolean holds(String key) {
        return copies.containsKey(key);
    }

    /** The current version of {@code key} in the cluster-wide cache (0 when none); throws when the cache cannot be read. */
    public long version(String key) {
        Long version = versions.get(key);
        return version == null ? 0L : version;
    }

    private void bump(String key) {
        long next;
        do {
            next = random.nextLong();
        } while (next == 0L);
        versions.put(key, next);
        copies.remove(key);
    }
}
