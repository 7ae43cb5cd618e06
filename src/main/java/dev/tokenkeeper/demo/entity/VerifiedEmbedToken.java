package dev.tokenkeeper.demo.entity;

import java.time.Instant;

/** What a valid builtin embed token grants: viewing {@code reportId} of {@code tenant} until {@code expiration}. */
public record VerifiedEmbedToken(String tenant, String reportId, String tokenId, Instant expiration) {
}
