package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.embed.entity.EmbedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** An embed token as the shared store keeps it: with the moment it was minted, as one line-separated string. */
record SharedEmbedToken(EmbedToken token, Instant mintedAt) {

    private static final int FIELDS = 6;

    /** Fresh: minted less than {@code shareFor} ago, and (whatever the clocks say) not expired. */
    boolean isFreshAt(Instant now, Duration shareFor) {
        return !now.isBefore(mintedAt) && now.isBefore(mintedAt.plus(shareFor)) && now.isBefore(token.expiration());
    }

    static String encode(EmbedToken token, Instant mintedAt) {
        return String.join("\n", Long.toString(mintedAt.toEpochMilli()), Long.toString(token.expiration().toEpochMilli()),
                token.tokenId(), token.reportId(), token.embedUrl(), token.token());
    }

    static Optional<SharedEmbedToken> decode(String value) {
        String[] fields = value.split("\n", FIELDS);
        if (fields.length != FIELDS) {
            return Optional.empty();
        }
        try {
            EmbedToken token = new EmbedToken(fields[5], fields[2], Instant.ofEpochMilli(Long.parseLong(fields[1])), fields[3], fields[4]);
            return Optional.of(new SharedEmbedToken(token, Instant.ofEpochMilli(Long.parseLong(fields[0]))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
