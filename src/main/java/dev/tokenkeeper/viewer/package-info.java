/**
 * The viewer channel: one WebSocket per open report ({@code /ws/viewer}) through which Tokenkeeper
 * pushes fresh embed tokens, on the viewer's interactions and on the tenant's timed refresh, so
 * that nobody sees an expired token. Sessions live on the node they connected to; embed tokens
 * are shared cluster-wide by the embed feature, and timers are rebuilt from the database. Timed
 * rounds are the cluster's (every node fires at the same multiples of the period), and the admin
 * list of viewers shows every node's, published by each node into the cluster-wide cache.
 * The channel is capacity-aware: it reports hellos, interactions and timed rounds to the capacity
 * feature as activity, tells viewers {@code CapacityPaused} instead of letting their tokens lapse
 * into an error, relays a viewer's {@code resume}, and sends a {@code resumed} token when it serves.
 */
package dev.tokenkeeper.viewer;
