package dev.tokenkeeper.token.entity;

/**
 * The client's credentials as presented: in the body or query (client_secret_post) or as HTTP
 * Basic (client_secret_basic). {@code basic} decides the 401's WWW-Authenticate header.
 */
public record ClientCredentials(String clientId, String clientSecret, boolean basic) {

    public boolean complete() {
        return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
    }
}
