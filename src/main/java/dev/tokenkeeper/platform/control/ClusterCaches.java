package dev.tokenkeeper.platform.control;

import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * Opens one of the cluster-wide caches (Payara's JCache, backed by Hazelcast) by name. Every node
 * opens the same names at start, so two nodes booting together may both find it missing: the one
 * that loses the race to create it takes the other's.
 *
 * <p>Our caches hold strings and numbers only, and are opened from a thread that runs no part of the
 * application. Payara remembers the application's context with a cluster object first made inside one
 * of the application's calls (Hazelcast's "tenant control") and then sets that context up, a CDI
 * request context included, on Hazelcast's partition thread around <em>every</em> operation on it, so
 * that values of the application's classes could be read there. Measured on a refused token request,
 * whose only cluster operation is one version read: 12 % of the node's CPU went to that set-up.
 * JDK types need none of it, so the caches are made without it.
 */
public final class ClusterCaches {

    private static final long OPEN_TIMEOUT_MILLIS = 60_000;

    private ClusterCaches() {
    }

    /**
     * @param keys a JDK type (the class path's own, not the application's)
     * @param values a JDK type, as {@code keys}
     * @param expiry when entries expire by themselves, or null for never
     * @return the cache of that name, created (stored by value) if no node has it yet
     */
    public static <K, V> Cache<K, V> open(CacheManager caches, String name, Class<K> keys, Class<V> values,
            Factory<? extends ExpiryPolicy> expiry) {
        if (!jdkType(keys) || !jdkType(values)) {
            throw new IllegalArgumentException("Cache " + name + " must hold JDK types only, not " + keys.getName() + " → " + values.getName());
        }
        AtomicReference<Cache<K, V>> opened = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        // A plain thread that inherits no thread-local (inheritThreadLocals false): a managed thread, or
        // one that inherits Payara's invocation stack, carries the application's context, which is
        // exactly what must not be captured (see the class comment). It only opens the cache and ends.
        Runnable open = () -> {
            try {
                opened.set(openHere(caches, name, keys, values, expiry));
            } catch (RuntimeException | Error e) {
                failed.set(e);
            }
        };
        Thread opener = new Thread(null, open, "tokenkeeper-open-cache-" + name, 0, false);
        opener.setDaemon(true);
        opener.start();
        try {
            opener.join(OPEN_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("Interrupted while opening the cluster-wide cache " + name, e);
        }
        if (failed.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failed.get() != null) {
            throw new CacheException("The cluster-wide cache " + name + " could not be opened: " + failed.get(), failed.get());
        }
        if (opened.get() == null) {
            throw new CacheException("The cluster-wide cache " + name + " did not open within " + OPEN_TIMEOUT_MILLIS / 1000 + " s");
        }
        return opened.get();
    }

    private static <K, V> Cache<K, V> openHere(CacheManager caches, String name, Class<K> keys, Class<V> values,
            Factory<? extends ExpiryPolicy> expiry) {
        Cache<K, V> existing = caches.getCache(name, keys, values);
        if (existing != null) {
            return existing;
        }
        MutableConfiguration<K, V> config = new MutableConfiguration<K, V>().setTypes(keys, values).setStoreByValue(true);
        if (expiry != null) {
            config.setExpiryPolicyFactory(expiry);
        }
        try {
            return caches.createCache(name, config);
        } catch (CacheException alreadyCreatedByAnotherNode) {
            return caches.getCache(name, keys, values);
        }
    }

    /** Loaded by the bootstrap class loader: java.lang.String, java.lang.Long and the like. */
    static boolean jdkType(Class<?> type) {
        return type.getClassLoader() == null;
    }
}
