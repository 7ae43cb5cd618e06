package dev.tokenkeeper.tenant.entity;

/**
 * How Tokenkeeper signs users in at a tenant's OpenID Connect provider, as a relying party: the
 * provider's issuer (discovery at {@code {issuer}/.well-known/openid-configuration}) and the client
 * registration Tokenkeeper holds there. The secret is opened only to be sent to the provider.
 */
public record OidcClient(String tenantId, String issuer, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "OidcClient[tenantId=" + tenantId + ", issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
