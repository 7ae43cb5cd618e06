package dev.tokenkeeper.token.control;

import java.sql.SQLException;

/**
 * A failure of the token store's database work. Unchecked, with the driver's exception as its
 * cause, so the platform's mapper can still tell an unreachable database (503, retry later) from a
 * bug (500) by looking through the cause chain.
 */
public class TokenStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TokenStoreException(String doing, SQLException cause) {
        super("The token store failed while " + doing + ": " + cause.getMessage(), cause);
    }
}
