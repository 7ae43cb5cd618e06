package dev.tokenkeeper.admin.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * How failed sign-ins slow the next try, for one account or one client address. The first
 * {@code freeFailures} cost nothing (people mistype); each one after locks for {@code firstLock},
 * doubling, up to {@code maxLock}. A quiet spell of {@code forgetAfter} since the last failure
 * starts the count afresh. Pure: the caller passes the time.
 */
public record Backoff(int freeFailures, Duration firstLock, Duration maxLock, Duration forgetAfter) {

    public record Failures(int count, Instant lastFailureAt, Instant lockedUntil) {
    }

    public Backoff {
        if (freeFailures < 0 || firstLock.isNegative() || maxLock.compareTo(firstLock) < 0 || forgetAfter.isNegative()) {
            throw new IllegalArgumentException("free failures >= 0, first lock >= 0, max lock >= first lock, forget-after >= 0");
        }
    }

    /** The state after one more failure at {@code now}; {@code before} is null for the first. */
    public Failures afterFailure(Failures before, Instant now) {
        int count = before == null || forgotten(before, now) ? 1 : before.count() + 1;
        return new Failures(count, now, now.plus(lockAfter(count)));
    }

    /** How long this many failures lock sign-in. */
    public Duration lockAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeFailures - 1, 30); // 2^30 times anything exceeds any sane maxLock
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }

    /** How long sign-in must still wait at {@code now}: zero when it may try. */
    public Duration remaining(Failures state, Instant now) {
        if (state == null || !now.isBefore(state.lockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, state.lockedUntil());
    }

    private boolean forgotten(Failures state, Instant now) {
        return Duration.between(state.lastFailureAt(), now).compareTo(forgetAfter) >= 0 && !now.isBefore(state.lockedUntil());
    }
}
