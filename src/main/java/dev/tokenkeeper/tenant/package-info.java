/**
 * Tenants (customer organisations, each with its trusted identity provider), their apps (OAuth
 * clients with a secret, roles, and whether their user tokens expire), admin accounts, and the
 * admin API that edits them. Every route under {@code /api/tenants/{tenant}} is scoped to one tenant.
 */
package dev.tokenkeeper.tenant;
