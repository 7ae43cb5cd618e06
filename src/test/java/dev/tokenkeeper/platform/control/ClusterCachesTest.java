package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide caches hold JDK types only and are made on a thread that carries nothing of the
 * caller's thread-locals: Payara keeps its invocation (the application's context, which it would
 * attach to the cache) in an inheritable thread-local, as this test's stand-in does.
 */
class ClusterCachesTest {

    private static final InheritableThreadLocal<String> INVOCATION = new InheritableThreadLocal<>();

    @Test
    void stringsAndNumbersAreJdkTypes() {
        assertTrue(ClusterCaches.jdkType(String.class));
        assertTrue(ClusterCaches.jdkType(Long.class));
    }

    @Test
    void aClassOfTheApplicationIsRefusedBeforeAnyCacheIsTouched() {
        assertFalse(ClusterCaches.jdkType(ClusterCachesTest.class));
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> ClusterCaches.open(null, "x", String.class, ClusterCachesTest.class, null));
        assertTrue(refusal.getMessage().contains("JDK types"), refusal.getMessage());
    }

    @Test
    void theCacheIsMadeOnAnotherThreadThatInheritsNoThreadLocal() {
        List<String> seen = new ArrayList<>();
        Cache<?, ?> cache = fakeCache();
        CacheManager caches = fakeManager(seen, cache, null);
        INVOCATION.set("the application's invocation");
        try {
            Cache<String, Long> opened = ClusterCaches.open(caches, "versions", String.class, Long.class, null);

            assertSame(cache, opened);
            assertEquals(2, seen.size(), "getCache (none yet), then createCache");
            assertNull(seen.get(0), "the opening thread inherited the caller's thread-local");
            assertNotEquals(Thread.currentThread().getName(), seen.get(1));
        } finally {
            INVOCATION.remove();
        }
    }

    @Test
    void aFailureOnTheOpeningThreadReachesTheCaller() {
        CacheManager caches = fakeManager(new ArrayList<>(), fakeCache(), new CacheException("grid away"));

        CacheException failure = assertThrows(CacheException.class,
                () -> ClusterCaches.open(caches, "versions", String.class, Long.class, null));
        assertEquals("grid away", failure.getMessage());
    }

    /** getCache finds nothing, createCache makes {@code cache} (or throws {@code failure}); records the thread-local and the thread's name. */
    private static CacheManager fakeManager(List<String> seen, Cache<?, ?> cache, RuntimeException failure) {
        return (CacheManager) Proxy.newProxyInstance(loader(), new Class<?>[] {CacheManager.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getCache" -> {
                    seen.add(INVOCATION.get());
                    if (failure != null) {
                        throw failure;
                    }
                    return null;
                }
                case "createCache" -> {
                    seen.add(Thread.currentThread().getName());
                    return cache;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    private static Cache<?, ?> fakeCache() {
        return (Cache<?, ?>) Proxy.newProxyInstance(loader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static ClassLoader loader() {
        return ClusterCachesTest.class.getClassLoader();
    }
}
