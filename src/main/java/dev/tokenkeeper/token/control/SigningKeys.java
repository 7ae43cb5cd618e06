package dev.tokenkeeper.token.control;

import dev.tokenkeeper.platform.control.ClusterCaches;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.token.entity.SigningKey;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.crypto.AEADBadTagException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys that sign access tokens (ES256, P-256). The database is the source of truth, so every
 * node of a cluster signs with the same newest key and publishes the same set. A rotation replaces a
 * generation number kept in Payara's cluster-wide JCache once it has committed, before it is
 * answered; every node compares that number with the one it loaded before it signs or publishes,
 * and reloads from the database when they differ. So no node signs with a retired key, or
 * publishes a set without the new key, after the rotation was answered. Each node also reloads
 * every few seconds (see {@link SigningKeySchedule}), the safety net should the JCache be
 * unreachable.
 *
 * <p>Private keys rest sealed with a pepper-derived key. Our own protected routes verify bearer
 * tokens against {@link #published()} in memory (token.boundary.BearerTokens), so a rotation is in
 * force on every node as soon as it is answered.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = System.getLogger(SigningKeys.class.getName());
    /** Covers clock skew between nodes and nodes that still sign with the old key until their next reload. */
    private static final Duration PUBLISH_MARGIN = Duration.ofMinutes(5);
    static final String GENERATIONS = "tokenkeeper-signing-key-generation";
    private static final String GENERATION = "keys";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Pepper pepper;

    @Inject
    Sealer sealer;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.app-token-seconds", defaultValue = "3600")
    long appTokenSeconds;

    @Inject
    CacheManager caches;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    private volatile ActiveKey active;
    private volatile JWKSet published = new JWKSet();
    /** The cluster-wide generation the loaded keys belong to; null before the first load. */
    private volatile Long loadedGeneration;
    private Cache<String, Long> generations;
    private final SecureRandom random = new SecureRandom();

    public record ActiveKey(String kid, JWSSigner signer) {
    }

    @PostConstruct
    void open() {
        if (caches == null) {
            return;
        }
        generations = ClusterCaches.open(caches, GENERATIONS, String.class, Long.class, null);
    }

    public ActiveKey active() {
        reloadIfRotatedElsewhere();
        ActiveKey current = active;
        if (current == null) {
            throw new IllegalStateException("No signing key loaded yet: the service is still starting");
        }
        return current;
    }

    /** The public keys that verify every unexpired token we issued. */
    public JWKSet published() {
        reloadIfRotatedElsewhere();
        return published;
    }

    public Optional<JWK> publishedKey(String kid) {
        return Optional.ofNullable(published().getKeyByKeyId(kid));
    }

    /** Creates the first key when there is none, then loads. */
    @Transactional
    public void ensureKeyAndLoad() {
        if (em.createNamedQuery(SigningKey.ACTIVE, SigningKey.class).setMaxResults(1).getResultList().isEmpty()) {
            SigningKey first = generate(clock.instant());
            em.persist(first);
            em.flush();
            LOG.log(Level.INFO, "Created the first signing key {0}", first.kid());
            newGenerationAfterCommit();
        }
        load();
    }

    @Transactional
    public void reload() {
        load();
    }

    /**
     * A new key signs from now on; the previous ones stop signing and stay published until the last
     * token they could have signed has expired.
     */
    @Transactional
    public SigningKey rotate() {
        Instant now = clock.instant();
        Instant lastExpiry = now.plus(longestAccessLifetime()).plus(PUBLISH_MARGIN);
        for (SigningKey old : em.createNamedQuery(SigningKey.ACTIVE, SigningKey.class).getResultList()) {
            old.retire(now, lastExpiry);
        }
        SigningKey next = generate(now);
        em.persist(next);
        em.flush();
        load();
        newGenerationAfterCommit();
        LOG.log(Level.INFO, "Rotated signing keys: {0} signs from now on", next.kid());
        return next;
    }

    public List<SigningKey> all() {
        return em.createQuery("SELECT k FROM SigningKey k ORDER BY k.createdAt DESC", SigningKey.class).getResultList();
    }

    private Duration longestAccessLifetime() {
        Long longestApp = em.createQuery("SELECT MAX(a.accessTokenSeconds) FROM App a", Long.class).getSingleResult();
        long seconds = Math.max(appTokenSeconds, longestApp == null ? App.DEFAULT_ACCESS_LIFETIME.toSeconds() : longestApp);
        return Duration.ofSeconds(seconds);
    }

    /**
     * After the caller's transaction (a rotation) has committed, and before it is answered: every
     * node's next look at the generation sees a new one and reloads. Not at flush time: a node
     * reloading then would still read the old keys and take them for the new generation.
     */
    private void newGenerationAfterCommit() {
        if (generations == null || transactions == null || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                try {
                    long next;
                    do {
                        next = random.nextLong();
                    } while (next == 0L);
                    generations.put(GENERATION, next);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not tell the other nodes of the key rotation; they reload within 10 s: {0}",
                            e.getMessage());
                }
            }
        });
    }

    /** Reloads when another node rotated since this one loaded; keeps the loaded keys if the JCache cannot be read. */
    private void reloadIfRotatedElsewhere() {
        Long loaded = loadedGeneration;
        if (generations == null || loaded == null) {
            return;
        }
        long current;
        try {
            current = currentGeneration();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not read the signing-key generation, keeping the loaded keys: {0}", e.getMessage());
            return;
        }
        if (current != loaded) {
            reloadUnlessDone(current);
        }
    }

    /** Threads that all saw the new generation wait here; only the first reloads (one query, not one per thread). */
    private synchronized void reloadUnlessDone(long seen) {
        Long loaded = loadedGeneration;
        if (loaded == null || loaded != seen) {
            load();
        }
    }

    private long currentGeneration() {
        Long generation = generations.get(GENERATION);
        return generation == null ? 0L : generation;
    }

    /**
     * Synchronized so that loads run one after the other: the last one to finish read the newest
     * generation and the keys of that generation, never an older load's keys with a newer number.
     */
    private synchronized void load() {
        // read before the keys: a rotation committed in between leaves a stale number, so the next look reloads
        Long generation = null;
        if (generations != null) {
            try {
                generation = currentGeneration();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Could not read the signing-key generation: {0}", e.getMessage());
            }
        }
        Instant now = clock.instant();
        List<SigningKey> keys = em.createNamedQuery(SigningKey.PUBLISHED, SigningKey.class)
                .setParameter("now", now.toEpochMilli()).getResultList();
        List<JWK> publicKeys = new ArrayList<>();
        ActiveKey newest = null;
        for (SigningKey key : keys) {
            try {
                publicKeys.add(JWK.parse(key.publicJwk()));
                if (newest == null && key.retiredAt() == null) {
                    newest = new ActiveKey(key.kid(), signerFor(key));
                }
            } catch (ParseException | JOSEException e) {
                throw new IllegalStateException("Signing key " + key.kid() + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (newest == null) {
            throw new IllegalStateException("There is no active signing key in the database");
        }
        published = new JWKSet(publicKeys);
        active = newest;
        loadedGeneration = generation;
    }

    private JWSSigner signerFor(SigningKey key) throws ParseException, JOSEException {
        byte[] privateJwk;
        try {
            privateJwk = sealer.open(sealKey(), key.privateKeySealed(), key.kid().getBytes(StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Signing key " + key.kid() + " does not open with this server's pepper: "
                    + "every node must use the same tokenkeeper.pepper as the node that created the key", e);
        }
        ECKey jwk = ECKey.parse(new String(privateJwk, StandardCharsets.UTF_8));
        // BouncyCastle signs ES256 about seven times faster than the JDK 17 provider (STACK-NOTES), but only
        // with a key of its own: handed the JDK's key object it converts the curve on every signature and
        // rebuilds its precomputed tables (measured: ~2 ms per token instead of ~0.1 ms).
        PrivateKey bouncyCastleKey;
        try {
            bouncyCastleKey = KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance())
                    .generatePrivate(new PKCS8EncodedKeySpec(jwk.toECPrivateKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("BouncyCastle cannot read signing key " + key.kid(), e);
        }
        ECDSASigner signer = new ECDSASigner(bouncyCastleKey, Curve.P_256);
        signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        return signer;
    }

    private SigningKey generate(Instant now) {
        try {
            String kid = "tk-" + UUID.randomUUID().toString().substring(0, 13);
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            String sealed = sealer.seal(sealKey(), key.toJSONString().getBytes(StandardCharsets.UTF_8),
                    kid.getBytes(StandardCharsets.UTF_8));
            return new SigningKey(kid, JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(), sealed, now);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }

    private byte[] sealKey() {
        return pepper.keyFor("signing-key-seal");
    }
}
