/**
 * The token endpoint and everything around it: GitHub-style expiring user tokens with single-use,
 * rotating refresh tokens (RFC 6749), token exchange from a tenant's identity provider (RFC 8693),
 * app tokens (client credentials), revocation (RFC 7009), introspection (RFC 7662), server metadata
 * (RFC 8414) and the signing keys published as JWKS (RFC 7517).
 *
 * <p>The rules of rotation, grace and replay live in {@code control.RefreshGrant}; the single
 * compare-and-set that spends a refresh token lives in {@code control.JpaRefreshTokenStore}.
 */
package dev.tokenkeeper.token;
