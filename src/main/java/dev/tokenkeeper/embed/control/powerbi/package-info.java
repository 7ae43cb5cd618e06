/**
 * The {@code powerbi} embed token provider. {@code PowerBiEmbedTokens} asks {@code EntraTokens} for
 * an Entra ID token (client credentials of the tenant's service principal, cached per app and renewed
 * early enough that Power BI, which caps an embed token at the Entra token's remaining life, can give
 * each embed token its full lifetime), then {@code PowerBiApi} for the report's embedUrl (once) and a
 * GenerateToken. {@code PowerBiHttp} sends every call with timeouts and Microsoft's retry rules
 * (429 waits for Retry-After; 5xx and I/O failures back off with jitter; other 4xx are not retried),
 * and turns what cannot be done now into {@code EmbedTokenUnavailableException}. A tenant's
 * connection lives in {@code PowerBiConnectionStore}, its client secret sealed with the pepper.
 */
package dev.tokenkeeper.embed.control.powerbi;
