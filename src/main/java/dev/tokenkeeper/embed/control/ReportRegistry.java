package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.embed.control.powerbi.PowerBiConnectionStore;
import dev.tokenkeeper.embed.entity.PowerBiReportIds;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The reports of each tenant: registered once per id, listed, and looked up when a token is asked for. */
@ApplicationScoped
@Transactional // reads too: embed tokens are minted outside the facade's transaction (see Reports.embedToken)
public class ReportRegistry {

    /** SQL:2003 unique_violation; PostgreSQL and H2 both report it. */
    private static final String UNIQUE_VIOLATION = "23505";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    PowerBiConnectionStore powerBiConnections;

    @Inject
    Clock clock;

    /**
     * @param powerBi where the report lives in Power BI: required for provider powerbi, refused for builtin
     * @param rlsRoles row-level security roles; empty for none
     */
    public Report register(String tenantId, String reportId, String name, ReportProvider provider, PowerBiReportIds powerBi,
            List<String> rlsRoles) {
        if (provider == ReportProvider.POWERBI && powerBi == null) {
            throw new InvalidInputException("powerBi", "a powerbi report needs {\"workspaceId\", \"reportId\", \"datasetId\"}");
        }
        if (provider != ReportProvider.POWERBI && powerBi != null) {
            throw new InvalidInputException("powerBi", "only a report with provider \"powerbi\" has Power BI ids");
        }
        if (provider == ReportProvider.POWERBI && powerBiConnections.find(tenantId).isEmpty()) {
            // Refused now rather than stored: a viewer opening it would get an error instead of a token.
            throw new InvalidInputException("provider", "this tenant has no Power BI connection yet: "
                    + "set it first with PUT /api/tenants/{tenant}/powerbi (Entra tenant id, client id and secret)");
        }
        if (find(tenantId, reportId).isPresent()) {
            throw duplicate(reportId);
        }
        Instant now = clock.instant();
        Report report = new Report(tenantId, reportId, name, provider, powerBi, rlsRoles, now);
        em.persist(report);
        try {
            // the unique constraint is the last word when two registrations of the same id race
            em.flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw duplicate(reportId);
            }
            throw e;
        }
        audit.record(tenantId, now, AuditEventType.REPORT_REGISTERED, null, null, null, null,
                "report '" + reportId + "' (" + name + ") registered, provider " + provider.code()
                        + (powerBi == null ? "" : ", Power BI workspace " + powerBi.workspaceId() + " report " + powerBi.reportId()
                                + " dataset " + powerBi.datasetId())
                        + (rlsRoles.isEmpty() ? "" : ", row-level security roles " + String.join(", ", rlsRoles)));
        return report;
    }

    public List<Report> of(String tenantId) {
        return em.createNamedQuery(Report.OF_TENANT, Report.class).setParameter("tenantId", tenantId).getResultList();
    }

    public Optional<Report> find(String tenantId, String reportId) {
        return em.createNamedQuery(Report.IN_TENANT, Report.class)
                .setParameter("tenantId", tenantId)
                .setParameter("reportId", reportId)
                .getResultStream().findFirst();
    }

    /** Whether any tenant has a report with this id: tells "not yours" (403) from "no such report" (404). */
    public boolean existsInAnyTenant(String reportId) {
        return em.createNamedQuery(Report.COUNT_BY_REPORT_ID, Long.class).setParameter("reportId", reportId).getSingleResult() > 0;
    }

    private static ClientErrorException duplicate(String reportId) {
        return new ClientErrorException("This tenant already has a report with id '" + reportId + "'", 409);
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
