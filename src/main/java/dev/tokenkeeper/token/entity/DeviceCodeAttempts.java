package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * Wrong user codes typed from one client address in the current window. In the database, not in
 * a node's memory, so that spreading the guesses over the nodes of a cluster does not help.
 */
@Entity
@Table(name = "device_code_attempts")
public class DeviceCodeAttempts {

    @Id
    private String address;
    @Column(name = "window_start")
    private long windowStart;
    private int failures;

    protected DeviceCodeAttempts() {
    }

    public DeviceCodeAttempts(String address, Instant windowStart) {
        this.address = address;
        this.windowStart = windowStart.toEpochMilli();
        this.failures = 0;
    }

    /** One more wrong code; a window that has passed starts again from this one. */
    public void fail(Instant now, Duration window) {
        if (!now.isBefore(windowEnd(window))) {
            windowStart = now.toEpochMilli();
            failures = 0;
        }
        failures++;
    }

    /**
     * Whole seconds the address must wait before it may try a code again: 0 while it has made fewer
     * than {@code maxFailures} wrong guesses in the window, else until the window ends.
     */
    public long waitSeconds(Instant now, int maxFailures, Duration window) {
        Instant end = windowEnd(window);
        if (failures < maxFailures || !now.isBefore(end)) {
            return 0;
        }
        return IssuedTokens.secondsLeft(end, now);
    }

    public int failures() {
        return failures;
    }

    private Instant windowEnd(Duration window) {
        return Instant.ofEpochMilli(windowStart).plus(window);
    }
}
