package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.tenant.entity.OidcClient;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import javax.crypto.AEADBadTagException;

/**
 * The client secret Tokenkeeper holds at a tenant's OpenID Connect provider, sealed like the Power BI
 * secret: AES-GCM under a pepper-derived key, bound to the tenant, the issuer and the client id, so a
 * sealed secret copied to another row, or left behind under a changed issuer or client, does not open.
 */
@ApplicationScoped
public class OidcSecrets {

    private static final String SEAL_PURPOSE = "oidc-client-secret";

    @Inject
    Pepper pepper;

    @Inject
    Sealer sealer;

    public String seal(String tenantId, String issuer, String clientId, String secret) {
        return sealer.seal(pepper.keyFor(SEAL_PURPOSE), secret.getBytes(StandardCharsets.UTF_8), associatedData(tenantId, issuer, clientId));
    }

    public OidcClient open(Tenant tenant) {
        try {
            byte[] secret = sealer.open(pepper.keyFor(SEAL_PURPOSE), tenant.oidcClientSecretSealed(),
                    associatedData(tenant.id(), tenant.oidcIssuer(), tenant.oidcClientId()));
            return new OidcClient(tenant.id(), tenant.oidcIssuer(), tenant.oidcClientId(), new String(secret, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("The OIDC client secret of tenant " + tenant.slug() + " does not open with this server's pepper: "
                    + "every node must use the same tokenkeeper.pepper as the node that stored it", e);
        }
    }

    private static byte[] associatedData(String tenantId, String issuer, String clientId) {
        return ("tenant_oidc:" + tenantId + ":" + issuer + ":" + clientId).getBytes(StandardCharsets.UTF_8);
    }
}
