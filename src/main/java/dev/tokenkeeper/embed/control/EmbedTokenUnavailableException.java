package dev.tokenkeeper.embed.control;

import java.time.Duration;

/**
 * A provider could not mint a token now (throttled, failing, unreachable) after the retries it is
 * allowed. Nothing is wrong with the request: viewers keep the token they hold, and an HTTP caller
 * is told to come back after {@link #retryAfter()}.
 */
public class EmbedTokenUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public EmbedTokenUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
