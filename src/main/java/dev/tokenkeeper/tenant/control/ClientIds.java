package dev.tokenkeeper.tenant.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every client id there is, in each node's memory, so that a request naming a client id that no app
 * has is refused without a database query. Without it, each made-up id cost a query (the directory
 * caches one miss per id, which does nothing against ids that change with every request) and, while
 * the database was away, a 503 instead of the 401 it deserves.
 *
 * <p>Kept current on every node the way the directory's copies are: the set is stamped with a
 * generation that lives in the cluster-wide cache ({@link DirectoryCache}), replaced when an app is
 * created, once at the insert and again after the commit ({@link DirectoryChanges}). A lookup reads
 * the generation (the same one hop as the directory's version) and reads the ids again when it
 * changed. The generation is read before the ids, so a set read during a creation is stamped with
 * the older generation and read again at the next lookup. Apps are never deleted; a deleted one would
 * only cost a query. As the directory's copies, the ids are also read again after
 * {@code tokenkeeper.directory.cache-seconds}: the safety net for an app inserted behind the
 * service's back, in SQL.
 *
 * <p>Over {@link #MAX_IDS} apps, or when the cache cannot be read, nothing is kept and every id
 * "may exist": the database decides, as before.
 */
@ApplicationScoped
public class ClientIds {

    private static final Logger LOG = System.getLogger(ClientIds.class.getName());
    /** About 100 bytes an id: 200,000 apps hold 20 MB on each node. */
    static final int MAX_IDS = 200_000;

    @Inject
    DirectoryCache cache;

    @PersistenceUnit(unitName = "tokenkeeper")
    EntityManagerFactory entityManagers;

    @Inject
    Clock clock;

    /** The directory's own safety net ({@link DirectoryCache#copyLifetime}), so both forget at the same pace. */
    private long cacheSeconds;

    private LongSupplier generation;
    private Supplier<List<String>> allIds;
    private volatile Known known;

    /** Ids read under one generation, until {@code staleAt}; {@code ids} null when there were too many to keep. */
    private record Known(long generation, Set<String> ids, Instant staleAt) {
    }

    public ClientIds() {
    }

    /** For unit tests: the generation and the ids from elsewhere. */
    ClientIds(LongSupplier generation, Supplier<List<String>> allIds, Clock clock, long cacheSeconds) {
        this.generation = generation;
        this.allIds = allIds;
        this.clock = clock;
        this.cacheSeconds = cacheSeconds;
    }

    @PostConstruct
    void connect() {
        generation = () -> cache.version(DirectoryKeys.CLIENT_IDS);
        allIds = this::readIds;
        cacheSeconds = cache.copyLifetime().toSeconds();
    }

    /** False only when no app has this id for certain; true when one has, or when that cannot be told without the database. */
    public boolean mayExist(String clientId) {
        long now;
        try {
            now = generation.getAsLong();
        } catch (RuntimeException gridUnreadable) {
            LOG.log(Level.DEBUG, "Cannot read the generation of the client ids: the database decides ({0})", gridUnreadable.getMessage());
            return true;
        }
        Known current = known;
        if (!current(current, now)) {
            current = reload(now);
        }
        return current.ids() == null || current.ids().contains(clientId);
    }

    private boolean current(Known known, long generationNow) {
        return known != null && known.generation() == generationNow && clock.instant().isBefore(known.staleAt());
    }

    private synchronized Known reload(long now) {
        Known current = known;
        if (current(current, now)) {
            return current; // another thread read them while this one waited
        }
        List<String> ids = allIds.get();
        Known read = new Known(now, ids.size() > MAX_IDS ? null : Set.copyOf(ids), clock.instant().plusSeconds(cacheSeconds));
        if (read.ids() == null) {
            LOG.log(Level.INFO, "More than {0} apps: unknown client ids are looked up in the database", MAX_IDS);
        }
        known = read;
        return read;
    }

    private List<String> readIds() {
        EntityManager reader = entityManagers.createEntityManager();
        try {
            return reader.createQuery("SELECT a.clientId FROM App a", String.class).setMaxResults(MAX_IDS + 1).getResultList();
        } finally {
            reader.close();
        }
    }
}
