package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

@JsonbNillable(false)
public record TenantView(String slug, String name, IdentityProviderView identityProvider, Instant createdAt) {

    public record IdentityProviderView(String issuer, boolean inlineJwks, String jwksUri, OidcView oidc) {
    }

    /** The secret is never shown back: only whether one is stored. */
    public record OidcView(String issuer, String clientId, boolean clientSecretSet) {
    }

    static TenantView of(Tenant tenant) {
        IdentityProviderView idp = tenant.idpIssuer() == null ? null
                : new IdentityProviderView(tenant.idpIssuer(), tenant.idpJwks() != null, tenant.idpJwksUri(),
                        tenant.oidcIssuer() == null ? null
                                : new OidcView(tenant.oidcIssuer(), tenant.oidcClientId(), tenant.oidcClientSecretSealed() != null));
        return new TenantView(tenant.slug(), tenant.name(), idp, tenant.createdAt());
    }
}
