package dev.tokenkeeper.viewer.entity;

import java.io.Serializable;

/** What a tenant's timed-refresh timer carries: whose viewers, and how often (so a change can be recognised). */
public record TimedRefreshTimer(String tenantId, int everyMinutes) implements Serializable {
}
