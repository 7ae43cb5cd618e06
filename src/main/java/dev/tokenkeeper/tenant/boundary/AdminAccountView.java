package dev.tokenkeeper.tenant.boundary;

/**
 * An admin-page account as the pages see it: never its hash. {@code platformAdmin} when it belongs
 * to the platform tenant (it then administers every tenant). {@code passwordShownOnce} only right
 * after the account was created with a generated password.
 */
public record AdminAccountView(String username, String tenantSlug, boolean platformAdmin, String passwordShownOnce)
        implements java.io.Serializable {
}
