package dev.tokenkeeper.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenkeeper.token.control.DevicePolling.Outcome;
import dev.tokenkeeper.token.entity.DeviceAuthorization;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevicePollingTest {

    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    MutableClock clock;
    DeviceAuthorization cut;

    @BeforeEach
    void device() {
        clock = new MutableClock(START);
        cut = new DeviceAuthorization("hash", "WDJBMJHT", "tenant", "Tk1.tv", clock.instant(), clock.instant().plusSeconds(900), 5);
    }

    @Test
    void firstPollIsPendingAndPollsAtTheIntervalStayPending() {
        assertEquals(Outcome.PENDING, DevicePolling.poll(cut, clock.instant()));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Outcome.PENDING, DevicePolling.poll(cut, clock.instant()));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(Outcome.PENDING, DevicePolling.poll(cut, clock.instant()));
        assertEquals(5, cut.intervalSeconds());
    }

    @Test
    void pollingTooFastIsSlowDownAndTheIntervalGrowsByFiveForGood() {
        DevicePolling.poll(cut, clock.instant());
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Outcome.SLOW_DOWN, DevicePolling.poll(cut, clock.instant()));
        assertEquals(10, cut.intervalSeconds());
        // measured from the last request: 9 s later is still too fast for the new interval
        clock.advance(Duration.ofSeconds(9));
        assertEquals(Outcome.SLOW_DOWN, DevicePolling.poll(cut, clock.instant()));
        assertEquals(15, cut.intervalSeconds());
        clock.advance(Duration.ofSeconds(15));
        assertEquals(Outcome.PENDING, DevicePolling.poll(cut, clock.instant()));
        assertEquals(15, cut.intervalSeconds(), "the interval never shrinks back");
    }

    @Test
    void approvedCodeGivesThePairOnceThenIsUsed() {
        DevicePolling.poll(cut, clock.instant());
        cut.approve("alice", clock.instant());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Outcome.APPROVED, DevicePolling.poll(cut, clock.instant()));
        cut.markUsed();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Outcome.ALREADY_USED, DevicePolling.poll(cut, clock.instant()));
    }

    @Test
    void approvedCodePolledTooFastMustStillSlowDown() {
        DevicePolling.poll(cut, clock.instant());
        cut.approve("alice", clock.instant());
        assertEquals(Outcome.SLOW_DOWN, DevicePolling.poll(cut, clock.instant().plusSeconds(1)));
    }

    @Test
    void declinedCodeIsAccessDenied() {
        cut.deny(clock.instant());
        assertEquals(Outcome.DENIED, DevicePolling.poll(cut, clock.instant()));
    }

    @Test
    void codeExpiresAfterItsLifeWhateverItsState() {
        clock.advance(Duration.ofSeconds(899));
        assertEquals(Outcome.PENDING, DevicePolling.poll(cut, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Outcome.EXPIRED, DevicePolling.poll(cut, clock.instant()));
        cut.approve("alice", clock.instant());
        assertEquals(Outcome.EXPIRED, DevicePolling.poll(cut, clock.instant().plusSeconds(30)), "approved too late");
    }

    @Test
    void pendingForThePageOnlyWhileUndecidedAndUnexpired() {
        assertEquals(true, cut.pendingAt(START.plusSeconds(899)));
        assertEquals(false, cut.pendingAt(START.plusSeconds(900)));
        cut.deny(START);
        assertEquals(false, cut.pendingAt(START));
    }
}
