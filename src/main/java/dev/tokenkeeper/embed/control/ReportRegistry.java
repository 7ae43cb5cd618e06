package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.ClientErrorException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The reports of each tenant: registered once per id, listed, and looked up when a token is asked for. */
@ApplicationScoped
public class ReportRegistry {

    /** SQL:2003 unique_violation; PostgreSQL and H2 both report it. */
    private static final String UNIQUE_VIOLATION = "23505";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public Report register(String tenantId, String reportId, String name, ReportProvider provider) {
        if (provider == ReportProvider.POWERBI) {
            // Refused now rather than stored: a viewer opening it would get an error instead of a token.
            throw new InvalidInputException("provider", "the Power BI provider is not available yet; register the report with provider \"builtin\"");
        }
        if (find(tenantId, reportId).isPresent()) {
            throw duplicate(reportId);
        }
        Instant now = clock.instant();
        Report report = new Report(tenantId, reportId, name, provider, now);
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
                "report '" + reportId + "' (" + name + ") registered, provider " + provider.code());
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
