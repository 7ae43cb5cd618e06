package dev.tokenkeeper.demo.control;

import dev.tokenkeeper.demo.entity.SalesReport;
import dev.tokenkeeper.demo.entity.SalesReport.Region;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Made-up but plausible sales figures for a builtin report. Seeded by tenant and report id, so the
 * same report always shows the same bars (a refresh that changed them would look like a bug), and
 * two reports differ.
 */
@ApplicationScoped
public class SalesFigures {

    static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    static final List<String> REGIONS = List.of("North", "South", "East", "West");

    public SalesReport of(String tenant, String reportId) {
        SplittableRandom random = new SplittableRandom(seed(tenant + "\n" + reportId));
        List<Region> regions = new ArrayList<>();
        for (String region : REGIONS) {
            long base = 40_000 + random.nextInt(60_000);
            double growth = 1 + random.nextDouble(-0.01, 0.03);
            List<Long> sales = new ArrayList<>();
            for (int month = 0; month < MONTHS.size(); month++) {
                // a year-end peak and a summer dip, as retail has, plus some noise
                double season = 1 + 0.25 * Math.cos(2 * Math.PI * (month - 11) / 12.0);
                double noise = 1 + random.nextDouble(-0.08, 0.08);
                long value = Math.round(base * season * noise * Math.pow(growth, month) / 10.0) * 10;
                sales.add(value);
            }
            regions.add(new Region(region, sales));
        }
        return new SalesReport(reportId, tenant, "Monthly sales by region", "USD", MONTHS, regions);
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
