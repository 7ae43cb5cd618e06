package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only JDK types go into the cluster-wide caches: they are made without the application's context. */
class ClusterCachesTest {

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
}
