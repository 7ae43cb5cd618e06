package dev.tokenkeeper.embed.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
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

    protected Report() {
    }

    public Report(String tenantId, String reportId, String name, ReportProvider provider, Instant createdAt) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.reportId = reportId;
        this.name = name;
        this.provider = provider.code();
        this.createdAt = createdAt.toEpochMilli();
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

    /**
     * The identity a viewer's data is filtered for. None yet: builtin reports have no row-level
     * security, so one token serves all their viewers.
     */
    public Optional<EffectiveIdentity> identityFor(String user) {
        return Optional.empty();
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }
}
