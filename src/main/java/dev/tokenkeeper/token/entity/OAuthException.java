package dev.tokenkeeper.token.entity;

/**
 * A refusal with an RFC 6749 error code. Control code throws it; one mapper writes
 * {@code {error, error_description, error_reason}}. It is a business outcome, not a failure: the
 * token endpoint's transaction commits what was decided before it was thrown (a family revoked for
 * reuse stays revoked).
 */
public class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final OAuthError error;
    private final ErrorReason reason;
    private final long retryAfterSeconds;
    private final boolean basicAuthUsed;
    private long interval;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null, 0, false);
    }

    private OAuthException(OAuthError error, String description, ErrorReason reason, long retryAfterSeconds, boolean basicAuthUsed) {
        super(description, null, false, false);
        this.error = error;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
        this.basicAuthUsed = basicAuthUsed;
    }

    public static OAuthException invalidGrant(ErrorReason reason, String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description, reason, 0, false);
    }

    /** A refused code with a reason: {@code error} is GitHub's or RFC 6749's name, as the caller asked. */
    public static OAuthException refusedCode(OAuthError error, ErrorReason reason, String description) {
        return new OAuthException(error, description, reason, 0, false);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidClient(String description, boolean basicAuthUsed) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description, null, 0, basicAuthUsed);
    }

    public static OAuthException rateLimited(long retryAfterSeconds) {
        return new OAuthException(OAuthError.RATE_LIMITED,
                "Too many requests for this client: retry after " + retryAfterSeconds + " s", null, retryAfterSeconds, false);
    }

    public static OAuthException unavailable(String description, long retryAfterSeconds) {
        return new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, description, null, retryAfterSeconds, false);
    }

    /** RFC 8628 §3.5 slow_down: GitHub answers the interval the device must keep from now on. */
    public static OAuthException slowDown(long newIntervalSeconds) {
        OAuthException e = new OAuthException(OAuthError.SLOW_DOWN, "Polling too fast: wait at least " + newIntervalSeconds
                + " s between requests from now on", null, 0, false);
        e.interval = newIntervalSeconds;
        return e;
    }

    /** The interval to answer with, or 0 for none. */
    public long interval() {
        return interval;
    }

    public OAuthError error() {
        return error;
    }

    public ErrorReason reason() {
        return reason;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean basicAuthUsed() {
        return basicAuthUsed;
    }
}
