package dev.tokenkeeper.embed.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A tenant's Power BI connection row: at most one per tenant. The client secret is stored only
 * sealed (see {@code PowerBiConnectionStore}); this class never holds it in the clear.
 */
@Entity
@Table(name = "powerbi_connection")
public class PowerBiConnection {

    @Id
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "entra_tenant_id")
    private String entraTenantId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "client_secret_sealed")
    private String clientSecretSealed;
    @Column(name = "updated_at")
    private long updatedAt;

    protected PowerBiConnection() {
    }

    public PowerBiConnection(String tenantId, String entraTenantId, String clientId, String clientSecretSealed, Instant now) {
        this.tenantId = tenantId;
        change(entraTenantId, clientId, clientSecretSealed, now);
    }

    public final void change(String entraTenantId, String clientId, String clientSecretSealed, Instant now) {
        this.entraTenantId = entraTenantId;
        this.clientId = clientId;
        this.clientSecretSealed = clientSecretSealed;
        this.updatedAt = now.toEpochMilli();
    }

    public String tenantId() {
        return tenantId;
    }

    public String entraTenantId() {
        return entraTenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecretSealed() {
        return clientSecretSealed;
    }

    public Instant updatedAt() {
        return Instant.ofEpochMilli(updatedAt);
    }
}
