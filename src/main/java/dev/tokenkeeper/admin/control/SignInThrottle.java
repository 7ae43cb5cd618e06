package dev.tokenkeeper.admin.control;

import dev.tokenkeeper.admin.entity.Backoff;
import dev.tokenkeeper.admin.entity.SignInFailures;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows password guessing on the admin pages, per account (someone trying one account from many
 * addresses) and per client address (someone trying many accounts). The counts live in the
 * database so that all nodes of a cluster slow the same guesser. Its own transactions: a failure is
 * counted even though the sign-in it belongs to did not succeed.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRES_NEW)
public class SignInThrottle {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.sign-in.account-free-failures", defaultValue = "5")
    int accountFreeFailures;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.sign-in.address-free-failures", defaultValue = "20")
    int addressFreeFailures;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.sign-in.first-lock-seconds", defaultValue = "30")
    long firstLockSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.sign-in.max-lock-seconds", defaultValue = "900")
    long maxLockSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.sign-in.forget-after-minutes", defaultValue = "60")
    long forgetAfterMinutes;

    Backoff perAccount;
    Backoff perAddress;

    @PostConstruct
    void rules() {
        Duration first = Duration.ofSeconds(firstLockSeconds);
        Duration max = Duration.ofSeconds(Math.max(firstLockSeconds, maxLockSeconds));
        perAccount = new Backoff(accountFreeFailures, first, max, Duration.ofMinutes(forgetAfterMinutes));
        perAddress = new Backoff(addressFreeFailures, first, max, Duration.ofMinutes(forgetAfterMinutes));
    }

    /** How long this account, from this address, must still wait before its password is even checked. */
    @Transactional(TxType.SUPPORTS)
    public Duration waitBefore(String username, String address) {
        Instant now = clock.instant();
        Duration account = perAccount.remaining(state(accountKey(username)), now);
        Duration fromAddress = perAddress.remaining(state(addressKey(address)), now);
        return account.compareTo(fromAddress) >= 0 ? account : fromAddress;
    }

    /** Counts a wrong password (or unknown name) against both; returns how long the next try must wait. */
    public Duration failed(String username, String address) {
        Instant now = clock.instant();
        forgetOld(now);
        Duration account = count(accountKey(username), perAccount, now);
        Duration fromAddress = count(addressKey(address), perAddress, now);
        return account.compareTo(fromAddress) >= 0 ? account : fromAddress;
    }

    /** The right password clears the account's count; the address keeps its own (it may be guessing other accounts). */
    public void succeeded(String username) {
        SignInFailures row = em.find(SignInFailures.class, accountKey(username));
        if (row != null) {
            em.remove(row);
        }
    }

    private Duration count(String key, Backoff rule, Instant now) {
        // locked for the read-modify-write, so that two nodes counting at once both count
        SignInFailures row = em.find(SignInFailures.class, key, LockModeType.PESSIMISTIC_WRITE);
        Backoff.Failures next = rule.afterFailure(row == null ? null : row.state(), now);
        if (row == null) {
            em.persist(new SignInFailures(key, next));
        } else {
            row.apply(next);
        }
        return rule.remaining(next, now);
    }

    /**
     * Rows nobody needs any more: unlocked and quiet for longer than the forget-after time. Done on
     * each failure, so that someone trying thousands of made-up names cannot grow the table for ever.
     */
    private void forgetOld(Instant now) {
        em.createQuery("DELETE FROM SignInFailures f WHERE f.lastFailureAt < :quietSince AND f.lockedUntil < :now")
                .setParameter("quietSince", now.minus(perAccount.forgetAfter()).toEpochMilli())
                .setParameter("now", now.toEpochMilli()).executeUpdate();
    }

    private Backoff.Failures state(String key) {
        SignInFailures row = em.find(SignInFailures.class, key);
        return row == null ? null : row.state();
    }

    static String accountKey(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return "account:" + (name.length() > 100 ? name.substring(0, 100) : name);
    }

    static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
