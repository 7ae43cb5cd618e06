package dev.tokenkeeper.viewer.entity;

import java.time.Instant;

/** A tenant's timed refresh as this node has scheduled it. */
public record ScheduledRefresh(int everyMinutes, Instant nextRoundAt) {
}
