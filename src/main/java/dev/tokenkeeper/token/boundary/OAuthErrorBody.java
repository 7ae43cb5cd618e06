package dev.tokenkeeper.token.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OAuth error body as {@link OAuthExceptionMapper} writes it, for the OpenAPI document only
 * (the mapper builds the JSON itself). Field names are the wire names of RFC 6749 §5.2.
 */
@Schema(name = "OAuthError", description = "RFC 6749 §5.2 error; error_reason tells a dead token (sign in again) from a transient failure")
public record OAuthErrorBody(
        @Schema(required = true, description = "RFC 6749 / RFC 8628 / GitHub error code",
                enumeration = {"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
                        "invalid_scope", "rate_limited", "temporarily_unavailable", "authorization_pending", "slow_down",
                        "expired_token", "access_denied", "incorrect_device_code", "incorrect_client_credentials",
                        "device_flow_disabled", "bad_verification_code", "redirect_uri_mismatch"}) String error,
        @Schema(required = true, description = "What went wrong and what to do, for a person") String error_description,
        @Schema(description = "Why an invalid_grant was refused", enumeration = {"expired", "reused", "revoked", "family_revoked", "unknown"})
        String error_reason,
        @Schema(description = "slow_down only: the polling interval to keep from now on, in seconds") Long interval) {
}
