/**
 * The audit log: every issue, refresh, idempotent retry, reuse, revoke and secret rotation, written
 * in the same transaction as the change it records. Events carry a hash of a token, never the token.
 */
package dev.tokenkeeper.audit;
