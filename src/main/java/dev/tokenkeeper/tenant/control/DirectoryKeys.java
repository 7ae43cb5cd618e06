package dev.tokenkeeper.tenant.control;

/** The keys of apps and tenants in the {@link DirectoryCache}. */
public final class DirectoryKeys {

    private DirectoryKeys() {
    }

    /** The generation of the set of every client id ({@link ClientIds}). */
    public static final String CLIENT_IDS = "client-ids";

    public static String app(String clientId) {
        return "app:" + clientId;
    }

    public static String tenant(String tenantId) {
        return "tenant:" + tenantId;
    }
}
