package dev.tokenkeeper.token.entity;

/**
 * Too many wrong user codes from one address in the window: the page must refuse and say how long
 * to wait (brute force on the 20^8 user codes is slowed, RFC 8628 §5.1).
 */
public class TooManyUserCodesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyUserCodesException(long retryAfterSeconds) {
        super("Too many wrong codes from this address: try again in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
