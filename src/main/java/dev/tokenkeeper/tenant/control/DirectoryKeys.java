package dev.tokenkeeper.tenant.control;

/** The keys of apps and tenants in the {@link DirectoryCache}. */
public final class DirectoryKeys {

    private DirectoryKeys() {
    }

    public static String app(String clientId) {
        return "app:" + clientId;
    }

    public static String tenant(String tenantId) {
        return "tenant:" + tenantId;
    }
}
