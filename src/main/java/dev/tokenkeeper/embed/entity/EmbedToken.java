package dev.tokenkeeper.embed.entity;

import java.time.Instant;

/**
 * A minted embed token. {@code tokenId} identifies it without revealing it (the {@code jti} of a
 * builtin token), so it may appear in logs and audit entries; {@code token} never does.
 */
public record EmbedToken(String token, String tokenId, Instant expiration, String reportId, String embedUrl) {

    @Override
    public String toString() {
        return "EmbedToken[tokenId=" + tokenId + ", reportId=" + reportId + ", expiration=" + expiration + "]";
    }
}
