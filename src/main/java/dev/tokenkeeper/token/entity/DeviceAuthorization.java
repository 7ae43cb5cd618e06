package dev.tokenkeeper.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One device flow request (RFC 8628): the device polls with its device code (stored only as a
 * hash), the user types the user code (stored normalised: 8 letters, no dash) on the page.
 */
@Entity
@Table(name = "device_authorization")
@NamedQuery(name = DeviceAuthorization.BY_DEVICE_CODE, query = "SELECT d FROM DeviceAuthorization d WHERE d.deviceCodeHash = :hash")
@NamedQuery(name = DeviceAuthorization.BY_USER_CODE, query = "SELECT d FROM DeviceAuthorization d WHERE d.userCode = :code")
public class DeviceAuthorization {

    public static final String BY_DEVICE_CODE = "DeviceAuthorization.byDeviceCode";
    public static final String BY_USER_CODE = "DeviceAuthorization.byUserCode";

    public enum Status {
        /** Waiting for the user. */
        PENDING,
        /** The user approved; the next poll collects the pair. */
        APPROVED,
        /** The user declined. */
        DENIED,
        /** The pair was handed out: a device code yields at most one. */
        USED
    }

    @Id
    private String id;
    @Column(name = "device_code_hash")
    private String deviceCodeHash;
    @Column(name = "user_code")
    private String userCode;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "expires_at")
    private long expiresAt;
    @Column(name = "interval_seconds")
    private int intervalSeconds;
    @Column(name = "last_poll_at")
    private Long lastPollAt;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String subject;
    @Column(name = "decided_at")
    private Long decidedAt;

    protected DeviceAuthorization() {
    }

    public DeviceAuthorization(String deviceCodeHash, String userCode, String tenantId, String clientId, Instant createdAt,
            Instant expiresAt, int intervalSeconds) {
        this.id = UUID.randomUUID().toString();
        this.deviceCodeHash = deviceCodeHash;
        this.userCode = userCode;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.createdAt = createdAt.toEpochMilli();
        this.expiresAt = expiresAt.toEpochMilli();
        this.intervalSeconds = intervalSeconds;
        this.status = Status.PENDING;
    }

    public void polledAt(Instant now) {
        this.lastPollAt = now.toEpochMilli();
    }

    public void slowDown(int stepSeconds) {
        this.intervalSeconds += stepSeconds;
    }

    public void approve(String approvedSubject, Instant now) {
        this.status = Status.APPROVED;
        this.subject = approvedSubject;
        this.decidedAt = now.toEpochMilli();
    }

    public void deny(Instant now) {
        this.status = Status.DENIED;
        this.decidedAt = now.toEpochMilli();
    }

    public void markUsed() {
        this.status = Status.USED;
    }

    public boolean pendingAt(Instant now) {
        return status == Status.PENDING && now.isBefore(expiresAt());
    }

    public String id() {
        return id;
    }

    public String userCode() {
        return userCode;
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAt);
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    public Instant lastPollAt() {
        return lastPollAt == null ? null : Instant.ofEpochMilli(lastPollAt);
    }

    public Status status() {
        return status;
    }

    public String subject() {
        return subject;
    }
}
