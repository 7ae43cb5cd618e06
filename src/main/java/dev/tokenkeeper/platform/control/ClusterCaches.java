package dev.tokenkeeper.platform.control;

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
 */
public final class ClusterCaches {

    private ClusterCaches() {
    }

    /**
     * @param expiry when entries expire by themselves, or null for never
     * @return the cache of that name, created (stored by value) if no node has it yet
     */
    public static <K, V> Cache<K, V> open(CacheManager caches, String name, Class<K> keys, Class<V> values,
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
}
