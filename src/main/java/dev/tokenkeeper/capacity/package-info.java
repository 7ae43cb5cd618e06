/**
 * A tenant's capacity: what renders its reports, and costs money while it is on. One per tenant,
 * its state (active, pausing, paused, resuming) kept in the database so every node agrees, changed
 * by the rules of the tenant's capacity settings (manual, on demand, scheduled) or by an admin, and
 * carried out by a driver ({@code simulated}, or {@code azure} for a Power BI Embedded capacity).
 * Other features read it and report activity through {@code boundary.Capacities}; they hear of
 * every transition as a {@code CapacityChanged} event, on every node, after it committed.
 */
package dev.tokenkeeper.capacity;
