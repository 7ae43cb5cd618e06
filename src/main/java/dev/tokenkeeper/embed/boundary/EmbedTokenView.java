package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.entity.EmbedToken;
import java.time.format.DateTimeFormatter;

/** The contract's shape: {@code expiration} is ISO-8601 in UTC, e.g. {@code 2026-11-25T12:00:00Z}. */
public record EmbedTokenView(String token, String tokenId, String expiration, String reportId, String embedUrl) {

    static EmbedTokenView of(EmbedToken token) {
        return new EmbedTokenView(token.token(), token.tokenId(), DateTimeFormatter.ISO_INSTANT.format(token.expiration()),
                token.reportId(), token.embedUrl());
    }
}
