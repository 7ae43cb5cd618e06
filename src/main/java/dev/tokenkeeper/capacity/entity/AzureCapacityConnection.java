package dev.tokenkeeper.capacity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Where a tenant's capacity lives in Azure and the service principal that may suspend and resume
 * it. At most one per tenant. The client secret is stored only sealed ({@code AzureConnectionStore});
 * this class never holds it in the clear.
 */
@Entity
@Table(name = "capacity_azure")
public class AzureCapacityConnection {

    @Id
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "subscription_id")
    private String subscriptionId;
    @Column(name = "resource_group")
    private String resourceGroup;
    @Column(name = "capacity_name")
    private String capacityName;
    @Column(name = "entra_tenant_id")
    private String entraTenantId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "client_secret_sealed")
    private String clientSecretSealed;
    @Column(name = "updated_at")
    private long updatedAt;

    protected AzureCapacityConnection() {
    }

    public AzureCapacityConnection(String tenantId) {
        this.tenantId = tenantId;
    }

    public void change(String subscriptionId, String resourceGroup, String capacityName, String entraTenantId, String clientId,
            String clientSecretSealed, Instant now) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.capacityName = capacityName;
        this.entraTenantId = entraTenantId;
        this.clientId = clientId;
        this.clientSecretSealed = clientSecretSealed;
        this.updatedAt = now.toEpochMilli();
    }

    public String tenantId() {
        return tenantId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String resourceGroup() {
        return resourceGroup;
    }

    public String capacityName() {
        return capacityName;
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
