package dev.tokenkeeper.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "audit_event")
@NamedQuery(name = AuditEvent.OF_TENANT, query = "SELECT e FROM AuditEvent e WHERE e.tenantId = :tenantId ORDER BY e.occurredAt DESC, e.id")
public class AuditEvent {

    public static final String OF_TENANT = "AuditEvent.ofTenant";

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "occurred_at")
    private long occurredAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "event_type")
    private AuditEventType type;
    @Column(name = "client_id")
    private String clientId;
    private String subject;
    @Column(name = "family_id")
    private String familyId;
    /** SHA-256 of the token concerned: lets an admin correlate events with a token they hold, reveals nothing. */
    @Column(name = "token_hash")
    private String tokenHash;
    private String detail;
    /** The admin-page account behind an admin change; null for the API and the token endpoint. */
    private String actor;

    protected AuditEvent() {
    }

    public AuditEvent(String tenantId, Instant occurredAt, AuditEventType type, String clientId, String subject,
            String familyId, String tokenHash, String detail) {
        this.id = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.occurredAt = occurredAt.toEpochMilli();
        this.type = type;
        this.clientId = clientId;
        this.subject = subject;
        this.familyId = familyId;
        this.tokenHash = tokenHash;
        this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public Instant occurredAt() {
        return Instant.ofEpochMilli(occurredAt);
    }

    public AuditEventType type() {
        return type;
    }

    public String clientId() {
        return clientId;
    }

    public String subject() {
        return subject;
    }

    public String familyId() {
        return familyId;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public String detail() {
        return detail;
    }

    public String actor() {
        return actor;
    }

    /** Names who made the change, once: an actor set by the caller is never overwritten. */
    public void attributeTo(String account) {
        if (actor == null) {
            actor = account;
        }
    }
}
