package dev.tokenkeeper.viewer.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlignedRoundsTest {

    private final AlignedRounds cut = new AlignedRounds(Duration.ofMinutes(5));

    @Test
    void nodesStartedAtDifferentMomentsWaitForTheSameRound() {
        Instant nodeA = Instant.parse("2026-12-01T04:01:07.250Z");
        Instant nodeB = Instant.parse("2026-12-01T04:04:59.999Z");
        assertEquals(Instant.parse("2026-12-01T04:05:00Z"), cut.nextAfter(nodeA));
        assertEquals(Instant.parse("2026-12-01T04:05:00Z"), cut.nextAfter(nodeB));
        assertEquals(cut.roundAt(nodeA), cut.roundAt(nodeB));
    }

    @Test
    void aTimerSetExactlyAtARoundWaitsForTheNextOne() {
        Instant due = Instant.parse("2026-12-01T04:05:00Z");
        assertEquals(Instant.parse("2026-12-01T04:10:00Z"), cut.nextAfter(due));
        assertEquals(cut.roundAt(due), cut.roundAt(due.plusMillis(299_999)));
        assertEquals(cut.roundAt(due) + 1, cut.roundAt(due.plusMillis(300_000)));
    }

    @Test
    void roundsAreNumberedFromTheEpoch() {
        Instant due = Instant.parse("2026-12-01T04:05:00Z");
        long round = cut.roundAt(due);
        assertEquals(due.toEpochMilli() / 300_000, round);
        assertEquals(due, cut.startOf(round));
    }

    @Test
    void aPeriodThatDoesNotDivideAnHourStillGivesEveryNodeTheSameInstants() {
        AlignedRounds sevenMinutes = new AlignedRounds(Duration.ofMinutes(7));
        Instant next = sevenMinutes.nextAfter(Instant.parse("2026-12-01T04:00:00Z"));
        assertEquals(0, next.toEpochMilli() % Duration.ofMinutes(7).toMillis());
        assertEquals(next, sevenMinutes.nextAfter(next.minusSeconds(419)));
    }

    @Test
    void aPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new AlignedRounds(Duration.ZERO));
    }
}
