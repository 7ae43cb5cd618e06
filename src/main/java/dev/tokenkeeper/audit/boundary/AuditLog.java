package dev.tokenkeeper.audit.boundary;

import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.audit.entity.AuditEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/** The audit feature's facade. Writes audit events in the caller's transaction: an event exists exactly when its change committed. */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Instance<AuditActor> actor;

    /** Unit tests subclass this to capture events without a database. */
    protected AuditLog() {
    }

    public void record(AuditEvent event) {
        event.attributeTo(currentActor());
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

    /**
     * One page of a tenant's events, newest first, optionally of one type and about one person
     * (the token's subject or the admin account that acted). {@code limit + 1} rows are read so the
     * caller knows whether there is a next page without counting the whole log.
     */
    public List<AuditEvent> page(String tenantId, AuditEventType type, String person, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.tenantId = :tenantId");
        if (type != null) {
            jpql.append(" AND e.type = :type");
        }
        if (person != null) {
            jpql.append(" AND (e.subject = :person OR e.actor = :person)");
        }
        jpql.append(" ORDER BY e.occurredAt DESC, e.id");
        var query = em.createQuery(jpql.toString(), AuditEvent.class).setParameter("tenantId", tenantId);
        if (type != null) {
            query.setParameter("type", type);
        }
        if (person != null) {
            query.setParameter("person", person);
        }
        return query.setFirstResult(offset).setMaxResults(limit + 1).getResultList();
    }

    private String currentActor() {
        if (actor == null || actor.isUnsatisfied()) {
            return null; // a unit test's subclass
        }
        try {
            return actor.get().name();
        } catch (ContextNotActiveException noRequest) {
            return null; // a timer or a WebSocket message: no person behind it
        }
    }
}
