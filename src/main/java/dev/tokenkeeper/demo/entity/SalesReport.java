package dev.tokenkeeper.demo.entity;

import java.util.List;

/**
 * The figures behind a builtin report: monthly sales per region, in whole currency units. The
 * same report of the same tenant always has the same figures, so a page can be checked by eye
 * (and by a test) across token refreshes.
 */
public record SalesReport(String reportId, String tenant, String title, String currency, List<String> months,
        List<Region> regions) {

    public SalesReport {
        months = List.copyOf(months);
        regions = List.copyOf(regions);
    }

    public record Region(String name, List<Long> sales) {

        public Region {
            sales = List.copyOf(sales);
        }
    }
}
