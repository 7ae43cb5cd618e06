/**
 * Embed tokens: the reports of a tenant and the short-lived tokens that let a signed-in user view
 * one of them. A token comes from the report's provider: {@code builtin} (a JWT signed with
 * Tokenkeeper's own key, verifiable through the JWKS) today; {@code powerbi} (Entra ID, then Power
 * BI's GenerateToken) is part of the contract but not built yet, so such reports are refused when
 * registered rather than failing later when a viewer opens them. The lifetime of a token is the
 * tenant's {@code embedTokenMinutes} setting.
 */
package dev.tokenkeeper.embed;
