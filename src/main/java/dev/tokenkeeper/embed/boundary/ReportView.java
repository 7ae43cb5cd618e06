package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.entity.Report;
import java.time.Instant;

/** A report as the admin API shows it; {@code id} is the tenant's own report id. */
public record ReportView(String id, String name, String provider, String tenant, Instant createdAt) {

    static ReportView of(Report report, String tenantSlug) {
        return new ReportView(report.reportId(), report.name(), report.provider().code(), tenantSlug, report.createdAt());
    }
}
