package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * A user as a verified access token shows them. {@code familyId} names their sign-in, which outlives
 * the access token (the app refreshes it) and ends when it is revoked or reaches its cap.
 */
public record SignedInUser(String tenantSlug, String subject, String familyId, Instant accessTokenExpiresAt) {
}
