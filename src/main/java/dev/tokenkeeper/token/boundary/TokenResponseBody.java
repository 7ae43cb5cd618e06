package dev.tokenkeeper.token.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A token response as {@link TokenResponses} writes it, for the OpenAPI document only. Wire names of RFC 6749 §5.1. */
@Schema(name = "TokenResponse", description = "RFC 6749 §5.1; form-encoded with the same fields unless Accept asks for JSON")
public record TokenResponseBody(
        @Schema(required = true) String access_token,
        @Schema(description = "Seconds; absent for a non-expiring token") Long expires_in,
        @Schema(description = "Only for user tokens with expiry: spend it once, at the next refresh") String refresh_token,
        @Schema(description = "Seconds") Long refresh_token_expires_in,
        @Schema(required = true, description = "Always empty: user tokens carry no scopes") String scope,
        @Schema(required = true, enumeration = "bearer") String token_type) {
}
