package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.capacity.entity.AzureCapacityConnection;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A tenant's Azure capacity connection as the API shows it: everything but the secret, which is never sent back. */
@JsonbPropertyOrder({"subscriptionId", "resourceGroup", "capacityName", "entraTenantId", "clientId", "clientSecretSet", "updatedAt"})
public record AzureConnectionView(String subscriptionId, String resourceGroup, String capacityName, String entraTenantId, String clientId,
        boolean clientSecretSet, Instant updatedAt) {

    static AzureConnectionView of(AzureCapacityConnection connection) {
        return new AzureConnectionView(connection.subscriptionId(), connection.resourceGroup(), connection.capacityName(),
                connection.entraTenantId(), connection.clientId(),
                connection.clientSecretSealed() != null && !connection.clientSecretSealed().isEmpty(), connection.updatedAt());
    }
}
