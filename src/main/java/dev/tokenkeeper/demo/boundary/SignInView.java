package dev.tokenkeeper.demo.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;

/**
 * The demo user's tokens, in the token endpoint's own field names (RFC 6749 §5.1), plus what the
 * demo page needs to know: who signed in and which report to show.
 */
@JsonbNillable(false)
public record SignInView(
        @JsonbProperty("access_token") String accessToken,
        @JsonbProperty("token_type") String tokenType,
        @JsonbProperty("expires_in") Long expiresIn,
        @JsonbProperty("refresh_token") String refreshToken,
        @JsonbProperty("refresh_token_expires_in") Long refreshTokenExpiresIn,
        String user,
        String tenant,
        String reportId) {
}
