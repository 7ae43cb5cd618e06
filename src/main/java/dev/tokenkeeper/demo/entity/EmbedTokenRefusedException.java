package dev.tokenkeeper.demo.entity;

/**
 * Why report data was refused. {@code code} is what the client reads: {@code TokenExpired} (as
 * Power BI names its 403 for a lapsed embed token) when only the expiry was wrong, so a viewer knows
 * that a fresh token will do; {@code invalid_token} (RFC 6750 §3.1) for everything else.
 */
public class EmbedTokenRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String TOKEN_EXPIRED = "TokenExpired";
    public static final String INVALID_TOKEN = "invalid_token";

    private final String code;

    public EmbedTokenRefusedException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static EmbedTokenRefusedException expired(String message) {
        return new EmbedTokenRefusedException(TOKEN_EXPIRED, message);
    }

    public static EmbedTokenRefusedException invalid(String message) {
        return new EmbedTokenRefusedException(INVALID_TOKEN, message);
    }

    public String code() {
        return code;
    }
}
