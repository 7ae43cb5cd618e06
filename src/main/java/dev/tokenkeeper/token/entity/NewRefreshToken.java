package dev.tokenkeeper.token.entity;

import java.time.Instant;

public record NewRefreshToken(String id, String familyId, String parentId, String tokenHash, Instant issuedAt, Instant expiresAt) {
}
