package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokenkeeper.viewer.entity.TimedRefreshTimer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes that schedule a tenant at different moments set timers that fire at the same instants. */
class TimedRefreshScheduleTest {

    record Created(Instant first, long intervalMillis, TimedRefreshTimer info) {
    }

    private final List<Created> created = new ArrayList<>();

    private TimedRefreshSchedule nodeAt(String now, long minuteSeconds) {
        TimedRefreshSchedule cut = new TimedRefreshSchedule();
        cut.clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        cut.minuteSeconds = minuteSeconds;
        cut.timers = (TimerService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TimerService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getTimers" -> List.of();
                    case "createIntervalTimer" -> {
                        created.add(new Created(((Date) args[0]).toInstant(), (Long) args[1],
                                (TimedRefreshTimer) ((TimerConfig) args[2]).getInfo()));
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return cut;
    }

    @Test
    void twoNodesSchedulingAtDifferentMomentsFireTogether() {
        nodeAt("2026-12-01T04:01:07.250Z", 60).schedule("tenant", 5);
        nodeAt("2026-12-01T04:03:59.900Z", 60).schedule("tenant", 5);
        assertEquals(List.of(
                new Created(Instant.parse("2026-12-01T04:05:00Z"), 300_000, new TimedRefreshTimer("tenant", 5)),
                new Created(Instant.parse("2026-12-01T04:05:00Z"), 300_000, new TimedRefreshTimer("tenant", 5))), created);
    }

    @Test
    void aNodeThatSchedulesJustAfterARoundWaitsForTheNextOne() {
        nodeAt("2026-12-01T04:05:00.001Z", 60).schedule("tenant", 5);
        assertEquals(Instant.parse("2026-12-01T04:10:00Z"), created.get(0).first());
    }

    @Test
    void theTestOnlyMinuteScalesThePeriodAndStaysAligned() {
        nodeAt("2026-12-01T04:00:07Z", 15).schedule("tenant", 1);
        assertEquals(new Created(Instant.parse("2026-12-01T04:00:15Z"), 15_000, new TimedRefreshTimer("tenant", 1)), created.get(0));
    }

    @Test
    void zeroMinutesSetsNoTimer() {
        nodeAt("2026-12-01T04:00:07Z", 60).schedule("tenant", 0);
        assertEquals(List.of(), created);
    }
}
