package dev.tokenkeeper.tenant.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signs in to the admin page. People choose passwords, so they get a slow salted hash (PBKDF2). */
@Entity
@Table(name = "admin_account")
public class AdminAccount {

    @Id
    private String username;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "created_at")
    private long createdAt;

    protected AdminAccount() {
    }

    public AdminAccount(String username, String tenantId, String passwordHash, Instant createdAt) {
        this.username = username;
        this.tenantId = tenantId;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt.toEpochMilli();
    }

    public void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
    }

    public String username() {
        return username;
    }

    public String tenantId() {
        return tenantId;
    }

    public String passwordHash() {
        return passwordHash;
    }
}
