package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.DeviceAuthorization;
import java.time.Instant;

/**
 * What one poll of the token endpoint with a device code gets (RFC 8628 §3.5), as a pure rule:
 * a code past its life is {@code expired_token} whatever else happened; a declined one is
 * {@code access_denied}; a poll sooner than the interval after the previous one is
 * {@code slow_down} and the interval grows by 5 s for good; otherwise pending or the pair.
 */
public final class DevicePolling {

    /** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
    public static final int SLOW_DOWN_STEP_SECONDS = 5;

    public enum Outcome {
        PENDING, SLOW_DOWN, EXPIRED, DENIED, APPROVED, ALREADY_USED
    }

    private DevicePolling() {
    }

    /** Applies the poll to the authorization (its last poll time, its interval) and says what to answer. */
    public static Outcome poll(DeviceAuthorization device, Instant now) {
        if (device.status() == DeviceAuthorization.Status.USED) {
            return Outcome.ALREADY_USED;
        }
        if (!now.isBefore(device.expiresAt())) {
            return Outcome.EXPIRED;
        }
        if (device.status() == DeviceAuthorization.Status.DENIED) {
            return Outcome.DENIED;
        }
        Instant last = device.lastPollAt();
        device.polledAt(now);
        if (last != null && now.isBefore(last.plusSeconds(device.intervalSeconds()))) {
            device.slowDown(SLOW_DOWN_STEP_SECONDS);
            return Outcome.SLOW_DOWN;
        }
        return device.status() == DeviceAuthorization.Status.APPROVED ? Outcome.APPROVED : Outcome.PENDING;
    }
}
