package dev.tokenkeeper.audit.boundary;

import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.audit.entity.AuditEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** The audit feature's facade. Writes audit events in the caller's transaction: an event exists exactly when its change committed. */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    /** Unit tests subclass this to capture events without a database. */
    protected AuditLog() {
    }

    public void record(AuditEvent event) {
        em.persist(event);
    }

    public void record(String tenantId, Instant at, AuditEventType type, String clientId, String subject,
            String familyId, String tokenHash, String detail) {
        record(new AuditEvent(tenantId, at, type, clientId, subject, familyId, tokenHash, detail));
    }

    public List<AuditEvent> latest(String tenantId, int limit) {
        return em.createNamedQuery(AuditEvent.OF_TENANT, AuditEvent.class)
                .setParameter("tenantId", tenantId)
                .setMaxResults(limit)
                .getResultList();
    }
}
