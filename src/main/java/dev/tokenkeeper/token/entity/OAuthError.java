package dev.tokenkeeper.token.entity;

/** RFC 6749 §5.2 error codes, with the HTTP status each is answered with. */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    // RFC 6749 §5.2: invalid_client MAY be 401; it MUST be 401 when the client used HTTP Basic.
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    RATE_LIMITED("rate_limited", 429),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
    // RFC 8628 §3.5 and GitHub's device flow errors
    AUTHORIZATION_PENDING("authorization_pending", 400),
    SLOW_DOWN("slow_down", 400),
    EXPIRED_TOKEN("expired_token", 400),
    ACCESS_DENIED("access_denied", 400),
    INCORRECT_DEVICE_CODE("incorrect_device_code", 400),
    // 400, not 401: no credentials were offered, so there is no scheme to name in WWW-Authenticate (RFC 9110 §15.5.2)
    INCORRECT_CLIENT_CREDENTIALS("incorrect_client_credentials", 400),
    DEVICE_FLOW_DISABLED("device_flow_disabled", 400),
    // GitHub's names in the web application flow, for a request that used GitHub's bare code (no grant_type)
    BAD_VERIFICATION_CODE("bad_verification_code", 400),
    REDIRECT_URI_MISMATCH("redirect_uri_mismatch", 400);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
