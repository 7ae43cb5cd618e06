package dev.tokenkeeper.demo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.demo.entity.SalesReport;
import org.junit.jupiter.api.Test;

class SalesFiguresTest {

    private final SalesFigures cut = new SalesFigures();

    @Test
    void sameReportAlwaysHasTheSameFigures() {
        assertEquals(cut.of("demo", "demo-sales"), cut.of("demo", "demo-sales"));
    }

    @Test
    void reportsAndTenantsDiffer() {
        SalesReport demo = cut.of("demo", "demo-sales");
        assertNotEquals(demo.regions(), cut.of("demo", "other").regions());
        assertNotEquals(demo.regions(), cut.of("acme", "demo-sales").regions());
    }

    @Test
    void twelveMonthsOfPositiveRoundFiguresForEachRegion() {
        SalesReport report = cut.of("demo", "demo-sales");
        assertEquals("demo-sales", report.reportId());
        assertEquals("demo", report.tenant());
        assertEquals(12, report.months().size());
        assertEquals(SalesFigures.REGIONS, report.regions().stream().map(SalesReport.Region::name).toList());
        report.regions().forEach(region -> {
            assertEquals(12, region.sales().size());
            region.sales().forEach(value -> assertTrue(value > 0 && value % 10 == 0, region.name() + ": " + value));
        });
    }
}
