package dev.tokenkeeper.signin.entity;

/**
 * The sign-in at the tenant's provider did not succeed (provider unreachable, a refused or forged
 * answer, an id_token that fails its checks). The message says what, for the error page and the log;
 * it never holds a token or secret.
 */
public class SignInFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SignInFailedException(String message) {
        super(message);
    }

    public SignInFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
