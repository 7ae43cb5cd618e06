/**
 * The viewer channel: one WebSocket per open report ({@code /ws/viewer}) through which Tokenkeeper
 * pushes fresh embed tokens, on the viewer's interactions and on the tenant's timed refresh, so
 * that nobody sees an expired token. Sessions live on the node they connected to; embed tokens
 * are shared cluster-wide by the embed feature, and timers are rebuilt from the database.
 */
package dev.tokenkeeper.viewer;
