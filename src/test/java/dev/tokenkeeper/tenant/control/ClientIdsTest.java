package dev.tokenkeeper.tenant.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import dev.tokenkeeper.token.control.MutableClock;
import org.junit.jupiter.api.Test;

class ClientIdsTest {

    private final AtomicLong generation = new AtomicLong(7);
    private final List<String> apps = new ArrayList<>(List.of("Tk1.aaa", "Tk1.bbb"));
    private final AtomicInteger reads = new AtomicInteger();
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-01T17:00:00Z"));
    private final ClientIds ids = new ClientIds(generation::get, () -> {
        reads.incrementAndGet();
        return List.copyOf(apps);
    }, clock, 300);

    @Test
    void madeUpIdsAreRefusedFromMemoryWithOneReadForAll() {
        assertTrue(ids.mayExist("Tk1.aaa"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(ids.mayExist("Tk1.madeup" + i));
        }
        assertEquals(1, reads.get(), "the ids are read once while their generation stays");
    }

    @Test
    void anAppCreatedOnAnyNodeIsKnownAtTheNextLookup() {
        assertFalse(ids.mayExist("Tk1.new"));
        apps.add("Tk1.new");
        assertFalse(ids.mayExist("Tk1.new"), "not yet told: the generation is the same (this is what the bump is for)");
        generation.set(-42); // DirectoryChanges on the node that created it
        assertTrue(ids.mayExist("Tk1.new"));
        assertEquals(2, reads.get());
    }

    @Test
    void anAppInsertedInSqlIsKnownAfterTheDirectorysCacheSeconds() {
        assertFalse(ids.mayExist("Tk1.bysql"));
        apps.add("Tk1.bysql"); // no generation replaced: nobody told the service
        clock.advance(java.time.Duration.ofSeconds(299));
        assertFalse(ids.mayExist("Tk1.bysql"));
        clock.advance(java.time.Duration.ofSeconds(1));
        assertTrue(ids.mayExist("Tk1.bysql"));
        assertEquals(2, reads.get());
    }

    @Test
    void withoutTheGenerationTheDatabaseDecides() {
        ClientIds blind = new ClientIds(() -> {
            throw new IllegalStateException("grid away");
        }, () -> {
            throw new AssertionError("nothing is read without a generation to stamp it with");
        }, clock, 300);
        assertTrue(blind.mayExist("Tk1.anything"));
    }

    @Test
    void tooManyAppsToKeepMeansEveryIdMayExistAndTheyAreNotReadAgainUntilAChange() {
        apps.clear();
        IntStream.rangeClosed(0, ClientIds.MAX_IDS).forEach(i -> apps.add("Tk1." + i));
        assertTrue(ids.mayExist("Tk1.madeup"));
        assertTrue(ids.mayExist("Tk1.madeup2"));
        assertEquals(1, reads.get());
        generation.incrementAndGet();
        apps.subList(10, apps.size()).clear();
        assertFalse(ids.mayExist("Tk1.madeup"), "back under the bound: kept again");
        assertEquals(2, reads.get());
    }
}
