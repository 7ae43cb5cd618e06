package dev.tokenkeeper.signin.entity;

/** What Tokenkeeper uses of a provider's OpenID Connect discovery document. */
public record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
}
