package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimedRefreshRoundsTest {

    private static List<Integer> viewers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aSmallTenantIsServedInOneGo() {
        assertEquals(1, TimedRefreshRounds.slices(viewers(3), 1000).size());
        assertEquals(1, TimedRefreshRounds.slices(viewers(100), 1000).size());
    }

    @Test
    void aBigTenantIsSpreadOverTheWindowInSlices() {
        List<List<Integer>> slices = TimedRefreshRounds.slices(viewers(10_000), 1000);
        assertEquals(20, slices.size(), "one slice every 50 ms over 1 s");
        assertEquals(500, slices.get(0).size());
        assertEquals(10_000, slices.stream().mapToInt(List::size).sum());
    }

    @Test
    void noSpreadMeansOneBurst() {
        assertEquals(1, TimedRefreshRounds.slices(viewers(10_000), 0).size());
    }

    @Test
    void everyViewerIsInExactlyOneSlice() {
        List<List<Integer>> slices = TimedRefreshRounds.slices(viewers(1_234), 700);
        assertEquals(viewers(1_234), slices.stream().flatMap(List::stream).toList());
    }

    @Test
    void noViewersNoSlices() {
        assertEquals(List.of(), TimedRefreshRounds.slices(List.of(), 1000));
    }
}
