package dev.tokenkeeper.embed.control.powerbi;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.embed.entity.PowerBiConnection;
import dev.tokenkeeper.embed.entity.PowerBiCredentials;
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
 * Each tenant's Power BI connection. The client secret is sealed with a key derived from the pepper
 * and bound (as associated data) to the tenant, Entra tenant and client it belongs to, so a sealed
 * secret copied onto another row, or left behind under a changed client id, does not open.
 */
@ApplicationScoped
public class PowerBiConnectionStore {

    private static final String SEAL_PURPOSE = "powerbi-client-secret";

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

    public Optional<PowerBiConnection> find(String tenantId) {
        return Optional.ofNullable(em.find(PowerBiConnection.class, tenantId));
    }

    /**
     * Sets the tenant's connection. The secret may be left out to keep the stored one, but only while
     * the Entra tenant and client stay the same: the stored secret belongs to that app registration.
     */
    public PowerBiConnection save(String tenantId, String entraTenantId, String clientId, Optional<String> clientSecret) {
        Instant now = clock.instant();
        PowerBiConnection existing = em.find(PowerBiConnection.class, tenantId);
        boolean sameApp = existing != null && existing.entraTenantId().equals(entraTenantId) && existing.clientId().equals(clientId);
        if (clientSecret.isEmpty() && !sameApp) {
            throw new InvalidInputException("clientSecret", existing == null
                    ? "required when the connection is first set"
                    : "required when entraTenantId or clientId changes: the stored secret belongs to the old app registration");
        }
        String sealed = clientSecret.map(secret -> sealer.seal(sealKey(), secret.getBytes(StandardCharsets.UTF_8),
                associatedData(tenantId, entraTenantId, clientId))).orElseGet(() -> existing.clientSecretSealed());
        PowerBiConnection connection;
        if (existing == null) {
            connection = new PowerBiConnection(tenantId, entraTenantId, clientId, sealed, now);
            em.persist(connection);
        } else {
            existing.change(entraTenantId, clientId, sealed, now);
            connection = existing;
        }
        audit.record(tenantId, now, AuditEventType.POWERBI_CONNECTION_CHANGED, null, null, null, null,
                "Power BI connection " + (existing == null ? "set" : "changed") + ": Entra tenant " + entraTenantId
                        + ", client " + clientId + ", client secret " + (clientSecret.isPresent() ? "replaced" : "kept"));
        return connection;
    }

    /**
     * The tenant's credentials with the secret opened; empty when the tenant has no connection. A
     * short transaction of its own: callers mint outside one (a Power BI call must not hold a pooled
     * connection), and Payara's non-transactional EntityManager fails when a request mixes both.
     */
    @Transactional
    public Optional<PowerBiCredentials> credentials(String tenantId) {
        return find(tenantId).map(connection -> {
            try {
                byte[] secret = sealer.open(sealKey(), connection.clientSecretSealed(),
                        associatedData(tenantId, connection.entraTenantId(), connection.clientId()));
                return new PowerBiCredentials(connection.entraTenantId(), connection.clientId(), new String(secret, StandardCharsets.UTF_8));
            } catch (AEADBadTagException e) {
                throw new IllegalStateException("The Power BI client secret of tenant " + tenantId + " does not open with this "
                        + "server's pepper: every node must use the same tokenkeeper.pepper as the node that stored it", e);
            }
        });
    }

    private byte[] sealKey() {
        return pepper.keyFor(SEAL_PURPOSE);
    }

    private static byte[] associatedData(String tenantId, String entraTenantId, String clientId) {
        return ("powerbi|" + tenantId + "|" + entraTenantId + "|" + clientId).getBytes(StandardCharsets.UTF_8);
    }
}
