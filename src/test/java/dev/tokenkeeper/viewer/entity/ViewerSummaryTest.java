package dev.tokenkeeper.viewer.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerSummaryTest {

    @Test
    void aSummaryCrossesTheCacheUnchanged() {
        List<ViewerSummary> viewers = List.of(
                new ViewerSummary("node-b", "s1", "ada", "sales", "live", Instant.parse("2026-12-01T04:00:00.123Z"), "tok-1",
                        Instant.parse("2026-12-01T05:00:00Z"), "timed"),
                new ViewerSummary("node-b", "s2", "<script>\"bea\"", "sales", "waiting", Instant.parse("2026-12-01T04:00:01Z"), null,
                        null, null));
        assertEquals(viewers, ViewerSummary.decode(ViewerSummary.encode(viewers)));
    }

    @Test
    void noViewersIsAnEmptyList() {
        assertEquals(List.of(), ViewerSummary.decode(ViewerSummary.encode(List.of())));
    }
}
