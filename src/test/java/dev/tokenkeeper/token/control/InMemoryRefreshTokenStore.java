package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.NewRefreshToken;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.RefreshTokenState;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The refresh-token tables in memory, behaving as {@link JpaRefreshTokenStore} does on PostgreSQL
 * (READ COMMITTED), so the rotation rules can be tested without a database:
 * <ul>
 * <li>every method runs in the calling thread's transaction ({@link #inTransaction}) or, outside
 * one, in a transaction of its own;</li>
 * <li>reads see committed rows plus the transaction's own writes, never another transaction's
 * uncommitted ones; each read returns a fresh {@link RefreshTokenState} joined with its family, as
 * the JPQL projection does;</li>
 * <li>{@link #spend} and {@link #revokeFamily} are conditional UPDATEs: they wait for the row lock
 * of a transaction that updated the same row, then re-check their condition against what that
 * transaction committed;</li>
 * <li>a transaction commits when its work returns or throws an {@link OAuthException} (as the
 * token endpoint's does) and rolls back on any other exception;</li>
 * <li>times are stored as epoch milliseconds; token hashes are unique; a token needs its family;
 * the replay blob fits {@code varchar(4000)}.</li>
 * </ul>
 */
final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int REPLAY_BLOB_COLUMN = 4000;

    record TokenRow(String id, String familyId, String parentId, String tokenHash, Instant issuedAt, Instant expiresAt,
            Instant spentAt, Instant revokedAt, String replayBlob, Instant replayUntil) {
    }

    record FamilyRow(String id, String tenantId, String clientId, String subject, Instant createdAt,
            Instant absoluteExpiresAt, Instant revokedAt, String revokedReason) {
    }

    private static final class Transaction {
        final Map<String, TokenRow> tokenWrites = new LinkedHashMap<>();
        final Map<String, FamilyRow> familyWrites = new LinkedHashMap<>();
        final Set<String> locks = new HashSet<>();
        int spends;
    }

    private final Map<String, TokenRow> tokens = new LinkedHashMap<>();
    private final Map<String, FamilyRow> families = new LinkedHashMap<>();
    private final Map<String, Transaction> lockHolders = new LinkedHashMap<>();
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private int committedSpends;
    private int reads;
    private int holdSpendUntilReads;

    /** Runs the work as one transaction of the calling thread, the way the token endpoint calls a grant. */
    <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            throw new IllegalStateException("transactions do not nest here");
        }
        Transaction tx = new Transaction();
        current.set(tx);
        boolean commit = false;
        try {
            T result = work.get();
            commit = true;
            return result;
        } catch (OAuthException refusal) {
            commit = true;
            throw refusal;
        } finally {
            current.remove();
            end(tx, commit);
        }
    }

    @Override
    public synchronized Optional<RefreshTokenState> findByHash(String tokenHash) {
        reads++;
        notifyAll();
        return statement(tx -> visibleTokens(tx).filter(t -> t.tokenHash().equals(tokenHash))
                .map(t -> state(tx, t)).flatMap(Optional::stream).findFirst());
    }

    @Override
    public synchronized Optional<RefreshTokenState> successorOf(String tokenId) {
        return statement(tx -> visibleTokens(tx).filter(t -> tokenId.equals(t.parentId()))
                .map(t -> state(tx, t)).flatMap(Optional::stream).findFirst());
    }

    @Override
    public synchronized boolean spend(String tokenId, Instant now, String replayBlob, Instant replayUntil) {
        if (replayBlob != null && replayBlob.length() > REPLAY_BLOB_COLUMN) {
            throw new IllegalStateException("value too long for replay_blob varchar(" + REPLAY_BLOB_COLUMN + "): " + replayBlob.length());
        }
        return statement(tx -> {
            String lock = "refresh_token:" + tokenId;
            awaitLock(tx, lock);
            TokenRow row = visibleToken(tx, tokenId);
            if (row == null || row.spentAt() != null || row.revokedAt() != null) {
                return false;
            }
            take(tx, lock);
            tx.tokenWrites.put(tokenId, new TokenRow(row.id(), row.familyId(), row.parentId(), row.tokenHash(),
                    row.issuedAt(), row.expiresAt(), millis(now), row.revokedAt(), replayBlob, millis(replayUntil)));
            tx.spends++;
            if (holdSpendUntilReads > 0) {
                int target = holdSpendUntilReads;
                holdSpendUntilReads = 0;
                awaitReads(target);
            }
            return true;
        });
    }

    @Override
    public synchronized void insert(NewRefreshToken token) {
        statement(tx -> {
            if (visibleToken(tx, token.id()) != null) {
                throw new IllegalStateException("duplicate key: refresh_token.id " + token.id());
            }
            if (visibleTokens(tx).anyMatch(t -> t.tokenHash().equals(token.tokenHash()))) {
                throw new IllegalStateException("duplicate key: uq_refresh_token_hash");
            }
            if (visibleFamily(tx, token.familyId()) == null) {
                throw new IllegalStateException("foreign key fk_refresh_family: no family " + token.familyId());
            }
            tx.tokenWrites.put(token.id(), new TokenRow(token.id(), token.familyId(), token.parentId(), token.tokenHash(),
                    millis(token.issuedAt()), millis(token.expiresAt()), null, null, null, null));
            return null;
        });
    }

    @Override
    public synchronized String createFamily(String tenantId, String clientId, String subject, Instant now, Instant absoluteExpiry) {
        return statement(tx -> {
            String id = UUID.randomUUID().toString();
            tx.familyWrites.put(id, new FamilyRow(id, tenantId, clientId, subject, millis(now), millis(absoluteExpiry), null, null));
            return id;
        });
    }

    @Override
    public synchronized boolean revokeFamily(String familyId, Instant now, String reason) {
        return statement(tx -> {
            String lock = "token_family:" + familyId;
            awaitLock(tx, lock);
            FamilyRow family = visibleFamily(tx, familyId);
            if (family == null || family.revokedAt() != null) {
                return false;
            }
            take(tx, lock);
            tx.familyWrites.put(familyId, new FamilyRow(family.id(), family.tenantId(), family.clientId(), family.subject(),
                    family.createdAt(), family.absoluteExpiresAt(), millis(now), reason));
            return true;
        });
    }

    @Override
    public synchronized Optional<FamilyStatus> family(String familyId) {
        return statement(tx -> Optional.ofNullable(visibleFamily(tx, familyId))
                .map(f -> new FamilyStatus(f.tenantId(), f.clientId(), f.revokedAt() != null)));
    }

    @Override
    public synchronized int purgeReplaysBefore(Instant now) {
        return statement(tx -> {
            List<TokenRow> expired = visibleTokens(tx)
                    .filter(t -> t.replayUntil() != null && t.replayUntil().isBefore(now)).toList();
            for (TokenRow t : expired) {
                tx.tokenWrites.put(t.id(), new TokenRow(t.id(), t.familyId(), t.parentId(), t.tokenHash(), t.issuedAt(),
                        t.expiresAt(), t.spentAt(), t.revokedAt(), null, null));
            }
            return expired.size();
        });
    }

    /**
     * Forces the worst interleaving of a race: the next successful {@link #spend} keeps its
     * transaction open (holding the row lock) until {@link #findByHash} has been called this many
     * times, so every racing request reads the token while it is still live.
     */
    synchronized void holdFirstSpendUntilReads(int count) {
        reads = 0;
        holdSpendUntilReads = count;
    }

    // --- for the tests' assertions: committed state only ---

    /** Revokes one token (not its family), as an admin's revocation of a single token would. */
    synchronized void revokeToken(String tokenId, Instant now) {
        TokenRow t = tokens.get(tokenId);
        tokens.put(tokenId, new TokenRow(t.id(), t.familyId(), t.parentId(), t.tokenHash(), t.issuedAt(), t.expiresAt(),
                t.spentAt(), millis(now), t.replayBlob(), t.replayUntil()));
    }

    /** How many spends committed: each is one rotation. */
    synchronized int committedSpends() {
        return committedSpends;
    }

    synchronized int tokenCount() {
        return tokens.size();
    }

    synchronized List<TokenRow> childrenOf(String tokenId) {
        return tokens.values().stream().filter(t -> tokenId.equals(t.parentId())).toList();
    }

    synchronized Optional<TokenRow> rowByHash(String tokenHash) {
        return tokens.values().stream().filter(t -> t.tokenHash().equals(tokenHash)).findFirst();
    }

    /** Tokens that could still be exchanged at {@code now}, counted per family (families without any are left out). */
    synchronized Map<String, Long> liveTokensPerFamily(Instant now) {
        return tokens.values().stream()
                .filter(t -> t.spentAt() == null && t.revokedAt() == null && now.isBefore(t.expiresAt()))
                .filter(t -> families.get(t.familyId()).revokedAt() == null)
                .collect(Collectors.groupingBy(TokenRow::familyId, Collectors.counting()));
    }

    // --- the machinery ---

    private interface Statement<T> {
        T run(Transaction tx);
    }

    /** Called with the monitor held. */
    private <T> T statement(Statement<T> body) {
        Transaction tx = current.get();
        if (tx != null) {
            return body.run(tx);
        }
        Transaction autocommit = new Transaction();
        boolean commit = false;
        try {
            T result = body.run(autocommit);
            commit = true;
            return result;
        } finally {
            end(autocommit, commit);
        }
    }

    private synchronized void end(Transaction tx, boolean commit) {
        if (commit) {
            tokens.putAll(tx.tokenWrites);
            families.putAll(tx.familyWrites);
            committedSpends += tx.spends;
        }
        for (String lock : tx.locks) {
            lockHolders.remove(lock, tx);
        }
        notifyAll();
    }

    /** Called with the monitor held: waits, releasing it, until no other transaction holds the row. */
    private void awaitLock(Transaction tx, String lock) {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        Transaction holder;
        while ((holder = lockHolders.get(lock)) != null && holder != tx) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("lock wait timeout on " + lock);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + lock, e);
            }
        }
    }

    /** Called with the monitor held: waits, releasing it but keeping the row locks, for the other readers. */
    private void awaitReads(int target) {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        while (reads < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("only " + reads + " of " + target + " reads arrived");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for readers", e);
            }
        }
    }

    private void take(Transaction tx, String lock) {
        lockHolders.put(lock, tx);
        tx.locks.add(lock);
    }

    private Stream<TokenRow> visibleTokens(Transaction tx) {
        Map<String, TokenRow> view = new LinkedHashMap<>(tokens);
        view.putAll(tx.tokenWrites);
        return view.values().stream();
    }

    private TokenRow visibleToken(Transaction tx, String id) {
        TokenRow own = tx.tokenWrites.get(id);
        return own != null ? own : tokens.get(id);
    }

    private FamilyRow visibleFamily(Transaction tx, String id) {
        FamilyRow own = tx.familyWrites.get(id);
        return own != null ? own : families.get(id);
    }

    /** The JPQL projection: token fields from the token row, tenant, client, subject, cap and revocation from the family. */
    private Optional<RefreshTokenState> state(Transaction tx, TokenRow t) {
        FamilyRow f = visibleFamily(tx, t.familyId());
        if (f == null) {
            return Optional.empty();
        }
        return Optional.of(new RefreshTokenState(t.id(), t.familyId(), f.tenantId(), f.clientId(), f.subject(),
                t.expiresAt(), t.spentAt(), t.revokedAt(), t.replayBlob(), t.replayUntil(),
                f.absoluteExpiresAt(), f.revokedAt(), f.revokedReason()));
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
