package dev.tokenkeeper.embed.entity;

/**
 * What Tokenkeeper signs in to Entra ID with for one tenant: the Entra tenant (directory) id and the
 * client id and secret of the app registration that Power BI knows as a service principal. Lives only
 * in memory, opened from its sealed row when a token is minted.
 */
public record PowerBiCredentials(String entraTenantId, String clientId, String clientSecret) {

    /** Never the secret: a record's default toString would print it into any log line that names this. */
    @Override
    public String toString() {
        return "PowerBiCredentials[entraTenantId=" + entraTenantId + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
