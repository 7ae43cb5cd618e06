package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.token.entity.FamilyState;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.Rotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The token_family table in memory, behaving as {@link JdbcRefreshTokenStore} does on PostgreSQL
 * (READ COMMITTED), so the rotation rules can be tested without a database:
 * <ul>
 * <li>one row per family, holding the hash of its live refresh token, its generation, the hash of
 * the token the last rotation spent and that rotation's sealed answer;</li>
 * <li>every method runs in the calling thread's transaction ({@link #inTransaction},
 * {@link #required}) or, outside one, commits on its own (autocommit), as a pooled JDBC
 * connection does outside JTA;</li>
 * <li>reads see committed rows plus the transaction's own writes, never another transaction's
 * uncommitted ones, and never wait;</li>
 * <li>{@link #rotate}, {@link #revokeFamily} and {@link #purgeReplaysBefore} are conditional
 * UPDATEs: they wait for the row lock of a transaction that updated the same row, then re-check
 * their condition against what that transaction committed (PostgreSQL skips a row that does not
 * match in the statement's snapshot without waiting; the outcome is the same, since a generation
 * only grows and a committed revocation stays);</li>
 * <li>times are stored as epoch milliseconds; the replay blob fits {@code varchar(4000)}.</li>
 * </ul>
 *
 * <p>The row forgets a token once a rotation moves it out; the tests still want to ask about single
 * tokens (was it spent, when, what replaced it). So next to the table this keeps a test-side
 * history: every token hash the store was ever given, with what committed rotations did to it. It
 * is written only on commit and never read by the store's own methods.
 */
final class InMemoryRefreshTokenStore implements RefreshTokenStore {

    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int REPLAY_BLOB_COLUMN = 4000;

    /** One row of token_family, with every column JdbcRefreshTokenStore reads or writes. */
    record FamilyRow(String id, String tenantId, String clientId, String subject, Instant createdAt,
            Instant absoluteExpiresAt, Instant revokedAt, String revokedReason, long generation, String currentHash,
            Instant currentExpiresAt, String previousHash, Instant rotatedAt, String replayBlob, Instant replayUntil) {

        FamilyRow revoked(Instant at, String reason) {
            return new FamilyRow(id, tenantId, clientId, subject, createdAt, absoluteExpiresAt, at, reason, generation,
                    currentHash, currentExpiresAt, previousHash, rotatedAt, replayBlob, replayUntil);
        }

        FamilyRow rotated(Rotation r) {
            return new FamilyRow(id, tenantId, clientId, subject, createdAt, absoluteExpiresAt, revokedAt, revokedReason,
                    generation + 1, r.successorHash(), millis(r.successorExpiresAt()), currentHash, millis(r.rotatedAt()),
                    r.replayBlob(), millis(r.replayUntil()));
        }

        FamilyRow withoutReplay() {
            return new FamilyRow(id, tenantId, clientId, subject, createdAt, absoluteExpiresAt, revokedAt, revokedReason,
                    generation, currentHash, currentExpiresAt, previousHash, rotatedAt, null, null);
        }

        FamilyState state() {
            return new FamilyState(id, tenantId, clientId, subject, absoluteExpiresAt, revokedAt, revokedReason, generation,
                    currentHash, currentExpiresAt, previousHash, rotatedAt, replayBlob, replayUntil);
        }
    }

    /**
     * Test-side history of one refresh token: its place in the family's chain ({@code parentHash},
     * {@code successorHash}), and {@code spentAt}, the time of the committed rotation that moved it
     * out of the row, with the replay answer that rotation sealed (cleared when purged).
     */
    record TokenRecord(String tokenHash, String familyId, long generation, String parentHash, Instant issuedAt,
            Instant expiresAt, Instant spentAt, String successorHash, String replayBlob, Instant replayUntil) {
    }

    /** One token as the tests ask about it: its history joined with its family's committed row. */
    record TokenState(String tokenHash, String familyId, long generation, String tenantId, String clientId, String subject,
            Instant expiresAt, Instant spentAt, String replayBlob, Instant replayUntil, Instant familyCap,
            Instant familyRevokedAt, String familyRevokedReason) {
    }

    private static final class Transaction {
        final Map<String, FamilyRow> familyWrites = new LinkedHashMap<>();
        final Set<String> locks = new HashSet<>();
        final List<Runnable> history = new ArrayList<>();
        int rotations;
    }

    private final Map<String, FamilyRow> families = new LinkedHashMap<>();
    /** The earlier refresh_token table, as far as the store still reads it: token hash to family. */
    private final Map<String, String> legacyTokens = new LinkedHashMap<>();
    private final Map<String, TokenRecord> history = new LinkedHashMap<>();
    private final Map<String, Transaction> lockHolders = new LinkedHashMap<>();
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private int committedRotations;
    private int reads;
    private int holdRotationUntilReads;

    /**
     * Runs the work as one transaction of the calling thread, the way the token endpoint runs a grant
     * ({@code @Transactional(dontRollbackOn = OAuthException.class)}): it commits when the work returns
     * or throws an {@link OAuthException}, and rolls back on any other exception.
     */
    <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            throw new IllegalStateException("transactions do not nest here");
        }
        return run(work, true);
    }

    /**
     * {@code @Transactional} (REQUIRED) as on {@link FamilyEvents}: joins the calling thread's
     * transaction, or runs the work in a new one that rolls back on any unchecked exception.
     */
    <T> T required(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        return run(work, false);
    }

    private <T> T run(Supplier<T> work, boolean commitOnRefusal) {
        Transaction tx = new Transaction();
        current.set(tx);
        boolean commit = false;
        try {
            T result = work.get();
            commit = true;
            return result;
        } catch (OAuthException refusal) {
            commit = commitOnRefusal;
            throw refusal;
        } finally {
            current.remove();
            end(tx, commit);
        }
    }

    /** {@link FamilyEvents} as the container gives it: each method in a transaction of its own unless the caller has one. */
    FamilyEvents transactionalEvents(AuditLog audit) {
        FamilyEvents events = new FamilyEvents() {
            @Override
            public void issued(String tenantId, Instant now, String clientId, String subject, String familyId,
                    String tokenHash, String detail) {
                required(() -> {
                    super.issued(tenantId, now, clientId, subject, familyId, tokenHash, detail);
                    return null;
                });
            }

            @Override
            public boolean rotateAudited(FamilyState family, String spentHash, Rotation rotation) {
                return required(() -> super.rotateAudited(family, spentHash, rotation));
            }

            @Override
            public void retried(FamilyState family, String clientId, Instant now, String presentedHash) {
                required(() -> {
                    super.retried(family, clientId, now, presentedHash);
                    return null;
                });
            }

            @Override
            public boolean revokeForReuse(FamilyState family, String clientId, Instant now, String presentedHash) {
                return required(() -> super.revokeForReuse(family, clientId, now, presentedHash));
            }
        };
        events.store = this;
        events.audit = audit;
        return events;
    }

    @Override
    public synchronized Optional<FamilyState> family(String familyId) {
        reads++;
        notifyAll();
        return statement(tx -> Optional.ofNullable(visibleFamily(tx, familyId)).map(FamilyRow::state));
    }

    @Override
    public synchronized Optional<String> familyOfLegacyToken(String tokenHash) {
        return statement(tx -> Optional.ofNullable(legacyTokens.get(tokenHash)));
    }

    @Override
    public synchronized void createFamily(String familyId, String tenantId, String clientId, String subject, Instant now,
            Instant absoluteExpiry, String firstTokenHash, Instant firstTokenExpiresAt) {
        statement(tx -> {
            if (visibleFamily(tx, familyId) != null) {
                throw new IllegalStateException("duplicate key: token_family.id " + familyId);
            }
            tx.familyWrites.put(familyId, new FamilyRow(familyId, tenantId, clientId, subject, millis(now),
                    millis(absoluteExpiry), null, null, 0, firstTokenHash, millis(firstTokenExpiresAt), null, null, null, null));
            TokenRecord first = new TokenRecord(firstTokenHash, familyId, 0, null, millis(now), millis(firstTokenExpiresAt),
                    null, null, null, null);
            tx.history.add(() -> record(first));
            return null;
        });
    }

    @Override
    public synchronized boolean rotate(String familyId, long generation, String spentHash, Rotation rotation) {
        if (rotation.replayBlob() != null && rotation.replayBlob().length() > REPLAY_BLOB_COLUMN) {
            throw new IllegalStateException("value too long for replay_blob varchar(" + REPLAY_BLOB_COLUMN + "): "
                    + rotation.replayBlob().length());
        }
        return statement(tx -> {
            String lock = "token_family:" + familyId;
            awaitLock(tx, lock);
            FamilyRow row = visibleFamily(tx, familyId);
            // WHERE id = ? AND generation = ? AND current_hash = ? AND revoked_at IS NULL
            if (row == null || row.generation() != generation || !spentHash.equals(row.currentHash()) || row.revokedAt() != null) {
                return false;
            }
            take(tx, lock);
            tx.familyWrites.put(familyId, row.rotated(rotation));
            tx.rotations++;
            tx.history.add(() -> recordRotation(familyId, generation, spentHash, rotation));
            if (holdRotationUntilReads > 0) {
                int target = holdRotationUntilReads;
                holdRotationUntilReads = 0;
                awaitReads(target);
            }
            return true;
        });
    }

    @Override
    public synchronized boolean revokeFamily(String familyId, Instant now, String reason) {
        return statement(tx -> {
            String lock = "token_family:" + familyId;
            awaitLock(tx, lock);
            FamilyRow row = visibleFamily(tx, familyId);
            if (row == null || row.revokedAt() != null) {
                return false;
            }
            take(tx, lock);
            tx.familyWrites.put(familyId, row.revoked(millis(now), reason));
            return true;
        });
    }

    @Override
    public synchronized int purgeReplaysBefore(Instant now) {
        return statement(tx -> {
            Map<String, FamilyRow> view = new LinkedHashMap<>(families);
            view.putAll(tx.familyWrites);
            int purged = 0;
            for (String id : view.keySet()) {
                FamilyRow row = visibleFamily(tx, id);
                if (row.replayUntil() == null || !row.replayUntil().isBefore(now)) {
                    continue;
                }
                String lock = "token_family:" + id;
                awaitLock(tx, lock);
                row = visibleFamily(tx, id);
                if (row.replayUntil() != null && row.replayUntil().isBefore(now)) {
                    take(tx, lock);
                    tx.familyWrites.put(id, row.withoutReplay());
                    purged++;
                }
            }
            Instant cutoff = millis(now);
            tx.history.add(() -> history.replaceAll((hash, t) -> t.replayUntil() != null && t.replayUntil().isBefore(cutoff)
                    ? new TokenRecord(t.tokenHash(), t.familyId(), t.generation(), t.parentHash(), t.issuedAt(),
                            t.expiresAt(), t.spentAt(), t.successorHash(), null, null)
                    : t));
            return purged;
        });
    }

    /**
     * Forces the worst interleaving of a race: the next successful {@link #rotate} keeps its
     * transaction open (holding the row lock) until {@link #family} has been called this many
     * times, so every racing request reads the live token before the rotation commits.
     */
    synchronized void holdFirstSpendUntilReads(int count) {
        reads = 0;
        holdRotationUntilReads = count;
    }

    /**
     * A family as migration 010 leaves one that was started before families named themselves: its
     * live token, of the earlier format, is the row's current token at generation 0, and the
     * refresh_token table still files that token's hash under the family. Committed at once.
     */
    synchronized void seedLegacyFamily(String familyId, String tenantId, String clientId, String subject, Instant createdAt,
            Instant absoluteExpiry, String legacyTokenHash, Instant legacyTokenExpiresAt) {
        if (families.containsKey(familyId)) {
            throw new IllegalStateException("duplicate key: token_family.id " + familyId);
        }
        families.put(familyId, new FamilyRow(familyId, tenantId, clientId, subject, millis(createdAt), millis(absoluteExpiry),
                null, null, 0, legacyTokenHash, millis(legacyTokenExpiresAt), null, null, null, null));
        legacyTokens.put(legacyTokenHash, familyId);
        record(new TokenRecord(legacyTokenHash, familyId, 0, null, millis(createdAt), millis(legacyTokenExpiresAt), null,
                null, null, null));
    }

    // --- for the tests' assertions: committed state only ---

    /** How many rotations committed. */
    synchronized int committedSpends() {
        return committedRotations;
    }

    /** How many refresh tokens the store was ever given (first tokens and successors). */
    synchronized int tokenCount() {
        return history.size();
    }

    /** The token issued by the rotation that spent {@code tokenHash}: at most one. */
    synchronized List<TokenRecord> childrenOf(String tokenHash) {
        return history.values().stream().filter(t -> tokenHash.equals(t.parentHash())).toList();
    }

    synchronized Optional<TokenRecord> rowByHash(String tokenHash) {
        return Optional.ofNullable(history.get(tokenHash));
    }

    /** A token's history joined with its family's committed row; empty for a hash never issued. */
    synchronized Optional<TokenState> tokenState(String tokenHash) {
        TokenRecord t = history.get(tokenHash);
        if (t == null) {
            return Optional.empty();
        }
        FamilyRow f = families.get(t.familyId());
        return Optional.of(new TokenState(t.tokenHash(), t.familyId(), t.generation(), f.tenantId(), f.clientId(), f.subject(),
                t.expiresAt(), t.spentAt(), t.replayBlob(), t.replayUntil(), f.absoluteExpiresAt(), f.revokedAt(),
                f.revokedReason()));
    }

    /**
     * Tokens that could still be exchanged at {@code now}, counted per family (families without any
     * are left out): those the committed row holds as its live token, in a family not revoked. Also
     * checks that the history agrees with the rows: its unspent tokens are exactly the rows' current ones.
     */
    synchronized Map<String, Long> liveTokensPerFamily(Instant now) {
        for (TokenRecord t : history.values()) {
            boolean currentInRow = t.tokenHash().equals(families.get(t.familyId()).currentHash());
            if (currentInRow != (t.spentAt() == null)) {
                throw new IllegalStateException("test history out of step with token_family for token " + t.tokenHash());
            }
        }
        return history.values().stream()
                .filter(t -> families.get(t.familyId()).state().isCurrent(t.tokenHash()))
                .filter(t -> families.get(t.familyId()).state().liveAt(now))
                .collect(Collectors.groupingBy(TokenRecord::familyId, Collectors.counting()));
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
            families.putAll(tx.familyWrites);
            committedRotations += tx.rotations;
            tx.history.forEach(Runnable::run);
        }
        for (String lock : tx.locks) {
            lockHolders.remove(lock, tx);
        }
        notifyAll();
    }

    /** Called on commit, with the monitor held. A hash issued twice would be a broken token generator. */
    private void record(TokenRecord token) {
        if (history.putIfAbsent(token.tokenHash(), token) != null) {
            throw new IllegalStateException("the same refresh token hash was issued twice: " + token.tokenHash());
        }
    }

    /** Called on commit, with the monitor held: the spent token gets its spend time, successor and replay answer. */
    private void recordRotation(String familyId, long spentGeneration, String spentHash, Rotation r) {
        TokenRecord spent = history.get(spentHash);
        history.put(spentHash, new TokenRecord(spentHash, familyId, spentGeneration, spent == null ? null : spent.parentHash(),
                spent == null ? null : spent.issuedAt(), spent == null ? null : spent.expiresAt(), millis(r.rotatedAt()),
                r.successorHash(), r.replayBlob(), millis(r.replayUntil())));
        record(new TokenRecord(r.successorHash(), familyId, spentGeneration + 1, spentHash, millis(r.rotatedAt()),
                millis(r.successorExpiresAt()), null, null, null, null));
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

    private FamilyRow visibleFamily(Transaction tx, String id) {
        FamilyRow own = tx.familyWrites.get(id);
        return own != null ? own : families.get(id);
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
