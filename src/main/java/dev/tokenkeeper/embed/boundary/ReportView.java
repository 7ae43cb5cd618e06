package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.entity.Report;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A report as the admin API shows it; {@code id} is the tenant's own report id. {@code powerBi} and
 * {@code rowLevelSecurity} appear only when the report has them.
 */
@JsonbNillable(false)
@JsonbPropertyOrder({"id", "name", "provider", "tenant", "powerBi", "rowLevelSecurity", "createdAt"})
public record ReportView(String id, String name, String provider, String tenant, PowerBiView powerBi,
        RowLevelSecurityView rowLevelSecurity, Instant createdAt) {

    public record PowerBiView(String workspaceId, String reportId, String datasetId) {
    }

    public record RowLevelSecurityView(List<String> roles) {
    }

    static ReportView of(Report report, String tenantSlug) {
        PowerBiView powerBi = report.powerBi().map(ids -> new PowerBiView(ids.workspaceId(), ids.reportId(), ids.datasetId())).orElse(null);
        RowLevelSecurityView rls = report.rlsRoles().isEmpty() ? null : new RowLevelSecurityView(report.rlsRoles());
        return new ReportView(report.reportId(), report.name(), report.provider().code(), tenantSlug, powerBi, rls, report.createdAt());
    }
}
