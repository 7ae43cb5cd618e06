package dev.tokenkeeper.capacity.control.azure;

/** One tenant's Azure capacity and the credentials to reach it, the secret opened. Short-lived: never stored, logged or shown. */
public record ArmTarget(String subscriptionId, String resourceGroup, String capacityName, String entraTenantId, String clientId,
        String clientSecret) {

    /** The capacity's ARM resource path (ids checked when the connection was set: safe in a path as they are). */
    public String resourcePath() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.PowerBIDedicated/capacities/"
                + capacityName;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "ArmTarget[" + resourcePath() + ", client " + clientId + " in " + entraTenantId + "]";
    }
}
