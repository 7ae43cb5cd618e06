package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.entity.PowerBiConnection;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A tenant's Power BI connection as the admin API shows it: everything but the secret, which is never sent back. */
@JsonbPropertyOrder({"entraTenantId", "clientId", "clientSecretSet", "updatedAt"})
public record PowerBiConnectionView(String entraTenantId, String clientId, boolean clientSecretSet, Instant updatedAt) {

    static PowerBiConnectionView of(PowerBiConnection connection) {
        return new PowerBiConnectionView(connection.entraTenantId(), connection.clientId(),
                connection.clientSecretSealed() != null && !connection.clientSecretSealed().isEmpty(), connection.updatedAt());
    }
}
