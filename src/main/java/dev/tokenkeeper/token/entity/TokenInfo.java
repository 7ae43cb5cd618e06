package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * What introspection (RFC 7662) and GitHub's token check say about a token. An inactive token says
 * nothing else.
 */
public record TokenInfo(boolean active, String tokenType, String clientId, String subject, String tenant,
        String scope, Instant issuedAt, Instant expiresAt, String tokenHash) {

    public static TokenInfo inactive() {
        return new TokenInfo(false, null, null, null, null, null, null, null, null);
    }
}
