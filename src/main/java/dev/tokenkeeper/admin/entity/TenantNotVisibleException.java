package dev.tokenkeeper.admin.entity;

/** A tenant the signed-in account may not see (or that does not exist): the pages answer both alike, "not found". */
public class TenantNotVisibleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TenantNotVisibleException() {
        super("not found", null, false, false);
    }
}
