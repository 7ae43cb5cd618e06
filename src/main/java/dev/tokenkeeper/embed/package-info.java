/**
 * Embed tokens: the reports of a tenant and the short-lived tokens that let a signed-in user view
 * one of them. A token comes from the report's provider: {@code builtin} (a JWT signed with
 * Tokenkeeper's own key, verifiable through the JWKS) or {@code powerbi} (Entra ID, then Power BI's
 * GenerateToken; see {@code control.powerbi}). A powerbi report needs the tenant's Power BI
 * connection first, so it is refused when registered rather than failing later when a viewer opens
 * it. A report may carry row-level security roles: each viewer then gets a token for their own
 * effective identity. The lifetime of a token is the tenant's {@code embedTokenMinutes} setting.
 */
package dev.tokenkeeper.embed;
