package dev.tokenkeeper.capacity.control.azure;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.capacity.control.CapacityDriver.DriverException;
import dev.tokenkeeper.capacity.entity.AzureCapacityConnection;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Each tenant's Azure capacity connection. The client secret is sealed as the Power BI one is: with
 * a key derived from the pepper, bound (as associated data) to the tenant, Entra tenant and client
 * it belongs to, so a sealed secret copied onto another row does not open.
 */
@ApplicationScoped
public class AzureConnectionStore {

    private static final String SEAL_PURPOSE = "azure-capacity-client-secret";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Pepper pepper;

    @Inject
    Sealer sealer;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public Optional<AzureCapacityConnection> find(String tenantId) {
        return Optional.ofNullable(em.find(AzureCapacityConnection.class, tenantId));
    }

    /** Sets the connection. The secret may be left out to keep the stored one while the Entra tenant and client stay the same. */
    @Transactional
    public AzureCapacityConnection save(String tenantId, String subscriptionId, String resourceGroup, String capacityName, String entraTenantId,
            String clientId, Optional<String> clientSecret, String actor) {
        Instant now = clock.instant();
        AzureCapacityConnection existing = em.find(AzureCapacityConnection.class, tenantId);
        boolean sameApp = existing != null && existing.entraTenantId().equals(entraTenantId) && existing.clientId().equals(clientId);
        if (clientSecret.isEmpty() && !sameApp) {
            throw new InvalidInputException("clientSecret", existing == null
                    ? "required when the connection is first set"
                    : "required when entraTenantId or clientId changes: the stored secret belongs to the old app registration");
        }
        String sealed = clientSecret.map(secret -> sealer.seal(sealKey(), secret.getBytes(StandardCharsets.UTF_8),
                associatedData(tenantId, entraTenantId, clientId))).orElseGet(() -> existing.clientSecretSealed());
        AzureCapacityConnection connection = existing != null ? existing : new AzureCapacityConnection(tenantId);
        connection.change(subscriptionId, resourceGroup, capacityName, entraTenantId, clientId, sealed, now);
        if (existing == null) {
            em.persist(connection);
        }
        audit.record(tenantId, now, AuditEventType.CAPACITY_CONNECTION_CHANGED, null, actor, null, null,
                "Azure capacity connection " + (existing == null ? "set" : "changed") + " by " + actor + ": capacity " + capacityName
                        + " in resource group " + resourceGroup + " of subscription " + subscriptionId + ", client " + clientId
                        + " in Entra tenant " + entraTenantId + ", client secret " + (clientSecret.isPresent() ? "replaced" : "kept"));
        return connection;
    }

    /** Removes the connection; true when there was one. */
    @Transactional
    public boolean delete(String tenantId, String actor) {
        AzureCapacityConnection existing = em.find(AzureCapacityConnection.class, tenantId);
        if (existing == null) {
            return false;
        }
        em.remove(existing);
        audit.record(tenantId, clock.instant(), AuditEventType.CAPACITY_CONNECTION_CHANGED, null, actor, null, null,
                "Azure capacity connection removed by " + actor + " (was capacity " + existing.capacityName() + "): the capacity is simulated again");
        return true;
    }

    /** The tenant's capacity and credentials, the secret opened; a short transaction of its own, ended before Azure is called. */
    @Transactional
    public ArmTarget target(String tenantId) {
        AzureCapacityConnection connection = em.find(AzureCapacityConnection.class, tenantId);
        if (connection == null) {
            throw new DriverException("No Azure connection is set for this capacity: set one with PUT /api/tenants/{tenant}/capacity/azure");
        }
        try {
            byte[] secret = sealer.open(sealKey(), connection.clientSecretSealed(),
                    associatedData(tenantId, connection.entraTenantId(), connection.clientId()));
            return new ArmTarget(connection.subscriptionId(), connection.resourceGroup(), connection.capacityName(), connection.entraTenantId(),
                    connection.clientId(), new String(secret, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new DriverException("The Azure client secret of this tenant does not open with this server's pepper: every node must "
                    + "use the same tokenkeeper.pepper as the node that stored it, or set the secret again", e);
        }
    }

    private byte[] sealKey() {
        return pepper.keyFor(SEAL_PURPOSE);
    }

    private static byte[] associatedData(String tenantId, String entraTenantId, String clientId) {
        return ("azure-capacity|" + tenantId + "|" + entraTenantId + "|" + clientId).getBytes(StandardCharsets.UTF_8);
    }
}
