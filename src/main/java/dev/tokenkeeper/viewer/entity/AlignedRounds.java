package dev.tokenkeeper.viewer.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * When a tenant's timed rounds fire, the same on every node: round {@code k} is due at {@code k}
 * periods after the Unix epoch. Every node computes the same instants from its own clock, with
 * nothing to agree on but the time (NTP), so all nodes fire a round together and share its one
 * embed-token mint, and no node's start or reschedule moves the rounds of the others.
 *
 * @param period the time between rounds (the tenant's {@code timedRefreshMinutes})
 */
public record AlignedRounds(Duration period) {

    public AlignedRounds {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("A round period must be positive: " + period);
        }
    }

    /** The round under way at {@code now}: the number of whole periods since the epoch. */
    public long roundAt(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), period.toMillis());
    }

    /** When round {@code round} is due. */
    public Instant startOf(long round) {
        return Instant.ofEpochMilli(Math.multiplyExact(round, period.toMillis()));
    }

    /** The first round due strictly after {@code now}: what a timer set at {@code now} waits for. */
    public Instant nextAfter(Instant now) {
        return startOf(roundAt(now) + 1);
    }
}
