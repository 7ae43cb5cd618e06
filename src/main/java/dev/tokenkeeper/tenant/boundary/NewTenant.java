package dev.tokenkeeper.tenant.boundary;

import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/tenants}. */
public class NewTenant {

    @NotBlank(message = "slug is required: 2 to 63 lower-case letters, digits or dashes, e.g. \"acme\"")
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "use 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit")
    public String slug;

    @NotBlank(message = "name is required")
    @Size(max = 200, message = "at most 200 characters")
    public String name;

    @NotNull(message = "identityProvider is required: {\"issuer\": \"…\", \"jwks\": {…}} or {\"issuer\": \"…\", \"jwksUri\": \"https://…\"}")
    @Valid
    public IdentityProvider identityProvider;

    public static class IdentityProvider {

        @NotBlank(message = "issuer is required: the iss of the provider's tokens")
        @Size(max = 500, message = "at most 500 characters")
        public String issuer;

        public JsonObject jwks;

        @Size(max = 1000, message = "at most 1000 characters")
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        public String jwksUri;

        @AssertTrue(message = "give exactly one of jwks (the JWK set itself) or jwksUri (where to fetch it)")
        public boolean isOneKeySource() {
            return (jwks == null) != (jwksUri == null);
        }

        /** Optional: how Tokenkeeper signs users in there (web flow, device page) as an OpenID Connect relying party. */
        @Valid
        public Oidc oidc;
    }

    /**
     * Tokenkeeper's client registration at the tenant's OpenID Connect provider. The secret is sealed
     * at rest and never shown back; on {@code PUT …/identity-provider} it may be left out to keep the stored one.
     */
    public static class Oidc {

        @NotBlank(message = "issuer is required: the provider's issuer URL; its discovery document is at {issuer}/.well-known/openid-configuration")
        @Size(max = 500, message = "at most 500 characters")
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        public String issuer;

        @NotBlank(message = "clientId is required: the client id Tokenkeeper was registered with at the provider")
        @Size(max = 255, message = "at most 255 characters")
        public String clientId;

        @Size(min = 1, max = 500, message = "1 to 500 characters")
        public String clientSecret;
    }
}
