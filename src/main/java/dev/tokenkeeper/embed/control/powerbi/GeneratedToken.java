package dev.tokenkeeper.embed.control.powerbi;

import java.time.Instant;

/** Power BI's {@code EmbedToken} answer: {@code token}, {@code tokenId} and {@code expiration} (UTC). */
record GeneratedToken(String token, String tokenId, Instant expiration) {

    @Override
    public String toString() {
        return "GeneratedToken[tokenId=" + tokenId + ", expiration=" + expiration + "]";
    }
}
