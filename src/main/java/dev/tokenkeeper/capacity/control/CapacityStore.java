package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The capacity rows. Each method is one short transaction of its own: drivers call Azure between
 * them, and a pooled connection must never wait on Azure. Every state change is one compare-and-set
 * update ({@code WHERE state = :from}); the node whose update counted a row performs the transition,
 * every other node's update counts none and it leaves the transition alone.
 */
@ApplicationScoped
public class CapacityStore {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.default-driver", defaultValue = "simulated")
    String defaultDriver;

    @Transactional
    public Capacity find(String tenantId) {
        return em.find(Capacity.class, tenantId);
    }

    /** Creates the tenant's row (active, default driver). If another node created it first, this transaction fails and the caller reads theirs. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create(String tenantId, Instant now) {
        if (em.find(Capacity.class, tenantId) == null) {
            em.persist(new Capacity(tenantId, defaultDriver, now));
        }
    }

    @Transactional
    public List<Capacity> all() {
        return em.createNamedQuery(Capacity.ALL, Capacity.class).getResultList();
    }

    /**
     * The compare-and-set of a transition, audited in the same transaction: true when this call
     * performed it. The mover also holds the first look at the new state until {@code claimUntil}, so
     * no other node's evaluator takes over a transition its mover is about to drive.
     */
    @Transactional
    public boolean move(String tenantId, CapacityState from, CapacityState to, Instant now, Instant claimUntil, AuditEventType type, String actor,
            String detail) {
        int moved = em.createNamedQuery(Capacity.MOVE).setParameter("to", to.name()).setParameter("now", now.toEpochMilli())
                .setParameter("claimUntil", claimUntil.toEpochMilli())
                .setParameter("tenantId", tenantId).setParameter("from", from.name()).executeUpdate();
        if (moved == 1) {
            audit.record(tenantId, now, type, null, actor, null, null, from.json() + " → " + to.json() + (actor == null ? "" : " by " + actor)
                    + (detail == null ? "" : ": " + detail));
        }
        return moved == 1;
    }

    /** Coalesced activity: only moves the stored last activity forward. */
    @Transactional
    public void touch(String tenantId, Instant at) {
        em.createNamedQuery(Capacity.TOUCH).setParameter("at", at.toEpochMilli()).setParameter("tenantId", tenantId).executeUpdate();
    }

    /**
     * Claims the next look at a transition in progress, until {@code next}: one node at a time asks
     * the driver, and not before the time the driver asked for (ARM's Retry-After).
     */
    @Transactional
    public boolean claimCheck(Capacity row, Instant now, Instant next) {
        return em.createNamedQuery(Capacity.CLAIM_CHECK).setParameter("next", next.toEpochMilli()).setParameter("tenantId", row.tenantId())
                .setParameter("state", row.state().name()).setParameter("version", row.version())
                .setParameter("now", now.toEpochMilli()).executeUpdate() == 1;
    }

    /** Records the driver's progress (operation to follow, when to look next) or its failure, if the row is still where the caller saw it. */
    @Transactional
    public void note(Capacity row, String problem, String operationUrl, Instant next, Instant now, boolean auditProblem) {
        String bounded = problem == null || problem.length() <= 1000 ? problem : problem.substring(0, 1000);
        int noted = em.createNamedQuery(Capacity.NOTE).setParameter("problem", bounded).setParameter("operationUrl", operationUrl)
                .setParameter("next", next == null ? null : next.toEpochMilli()).setParameter("tenantId", row.tenantId())
                .setParameter("state", row.state().name()).setParameter("version", row.version()).executeUpdate();
        if (noted == 1 && auditProblem && bounded != null) {
            audit.record(row.tenantId(), now, AuditEventType.CAPACITY_PROBLEM, null, null, null, null,
                    row.state().json() + " via " + row.driver() + ": " + bounded);
        }
    }

    @Transactional
    public void setDriver(String tenantId, String driver) {
        em.createNamedQuery(Capacity.SET_DRIVER).setParameter("driver", driver).setParameter("tenantId", tenantId).executeUpdate();
    }
}
