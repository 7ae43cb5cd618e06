package dev.tokenkeeper.embed.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A report of one tenant. {@code reportId} is the tenant's own name for it, unique within the
 * tenant only; {@code id} is a surrogate key. {@code tenantId} is a plain column, not a relationship
 * (see the tenant feature): the tenant row always exists before its reports.
 */
@Entity
@Table(name = "report")
@NamedQuery(name = Report.OF_TENANT, query = "SELECT r FROM Report r WHERE r.tenantId = :tenantId ORDER BY r.createdAt, r.reportId")
@NamedQuery(name = Report.IN_TENANT, query = "SELECT r FROM Report r WHERE r.tenantId = :tenantId AND r.reportId = :reportId")
@NamedQuery(name = Report.COUNT_BY_REPORT_ID, query = "SELECT COUNT(r) FROM Report r WHERE r.reportId = :reportId")
public class Report {

    public static final String OF_TENANT = "Report.ofTenant";
    public static final String IN_TENANT = "Report.inTenant";
    public static final String COUNT_BY_REPORT_ID = "Report.countByReportId";

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "report_id")
    private String reportId;
    private String name;
    private String provider;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "powerbi_workspace_id")
    private String powerBiWorkspaceId;
    @Column(name = "powerbi_report_id")
    private String powerBiReportId;
    @Column(name = "powerbi_dataset_id")
    private String powerBiDatasetId;
    /** One role per line; null when the report has no row-level security. */
    @Column(name = "rls_roles")
    private String rlsRoles;

    protected Report() {
    }

    /** A report without Power BI ids and without row-level security. */
    public Report(String tenantId, String reportId, String name, ReportProvider provider, Instant createdAt) {
        this(tenantId, reportId, name, provider, null, List.of(), createdAt);
    }

    /**
     * @param powerBi where the report lives in Power BI; null for a builtin report
     * @param rlsRoles row-level security roles every viewer gets; empty for none. A role name holds no line break.
     */
    public Report(String tenantId, String reportId, String name, ReportProvider provider, PowerBiReportIds powerBi,
            List<String> rlsRoles, Instant createdAt) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.reportId = reportId;
        this.name = name;
        this.provider = provider.code();
        this.createdAt = createdAt.toEpochMilli();
        if (powerBi != null) {
            this.powerBiWorkspaceId = powerBi.workspaceId();
            this.powerBiReportId = powerBi.reportId();
            this.powerBiDatasetId = powerBi.datasetId();
        }
        if (rlsRoles.stream().anyMatch(role -> role.contains("\n") || role.contains("\r"))) {
            throw new IllegalArgumentException("A row-level security role name must not contain a line break");
        }
        this.rlsRoles = rlsRoles.isEmpty() ? null : String.join("\n", rlsRoles);
    }

    public String tenantId() {
        return tenantId;
    }

    public String reportId() {
        return reportId;
    }

    public String name() {
        return name;
    }

    public ReportProvider provider() {
        return ReportProvider.ofCode(provider)
                .orElseThrow(() -> new IllegalStateException("Report " + reportId + " has an unknown provider '" + provider + "'"));
    }

    /** Where the report lives in Power BI; empty for a builtin report. */
    public Optional<PowerBiReportIds> powerBi() {
        return powerBiReportId == null ? Optional.empty()
                : Optional.of(new PowerBiReportIds(powerBiWorkspaceId, powerBiReportId, powerBiDatasetId));
    }

    /** The row-level security roles of the report, in the order they were registered; empty for none. */
    public List<String> rlsRoles() {
        return rlsRoles == null ? List.of() : List.copyOf(Arrays.asList(rlsRoles.split("\n")));
    }

    /**
     * The identity a viewer's data is filtered for: the user with the report's roles when the report
     * has row-level security. Without it there is no identity, and one token serves every viewer.
     */
    public Optional<EffectiveIdentity> identityFor(String user) {
        List<String> roles = rlsRoles();
        return roles.isEmpty() ? Optional.empty() : Optional.of(new EffectiveIdentity(user, roles));
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }
}
