package dev.tokenkeeper.token.entity;

/**
 * Why a grant was refused, sent as {@code error_reason} beside {@code invalid_grant} so a client
 * can tell a dead token (sign the user in again) from a transient failure (retry).
 */
public enum ErrorReason {
    /** Past its expiry or its family's absolute cap. */
    EXPIRED("expired"),
    /** Already spent, and its family had already been revoked for reuse earlier: nothing new happened. */
    REUSED("reused"),
    /** Revoked on request (RFC 7009, GitHub's DELETE, an admin). */
    REVOKED("revoked"),
    /** Its family was revoked because a spent token of it was presented again: this request or an earlier one. */
    FAMILY_REVOKED("family_revoked"),
    /** Not a token of ours, or not this client's. */
    UNKNOWN("unknown");

    private final String code;

    ErrorReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
