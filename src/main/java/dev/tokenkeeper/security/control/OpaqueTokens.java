package dev.tokenkeeper.security.control;

import dev.tokenkeeper.security.entity.TokenKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Opaque tokens in GitHub's shape: {@code prefix + 30 random base62 characters + 6 base62
 * characters of CRC32}. 30 base62 characters carry 178 bits of randomness; the checksum lets a
 * secret scanner (or this server, before any database work) reject a mistyped or made-up token.
 * Only {@link #hash(String)} of a token is ever stored.
 */
@ApplicationScoped
public class OpaqueTokens {

    static final int RANDOM_CHARS = 30;
    static final int CHECKSUM_CHARS = 6;
    public static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final SecureRandom random = new SecureRandom();

    public String generate(TokenKind kind) {
        String randomPart = randomBase62(RANDOM_CHARS);
        return kind.prefix() + randomPart + checksum(randomPart);
    }

    /** {@code length} uniformly random base62 characters. */
    public String randomBase62(int length) {
        char[] body = new char[length];
        int filled = 0;
        byte[] bytes = new byte[length + 16];
        while (filled < length) {
            // One call per batch: SecureRandom serialises callers, and this runs on every grant.
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int value = bytes[i] & 0xFF;
                // Rejection sampling: 248 = 4 * 62, so every base62 character is equally likely.
                if (value < 248) {
                    body[filled++] = BASE62[value % 62];
                }
            }
        }
        return new String(body);
    }

    /** True when the token has the kind's prefix, the right length, and a matching checksum. */
    public boolean isWellFormed(String token, TokenKind kind) {
        if (token == null || !token.startsWith(kind.prefix())
                || token.length() != kind.prefix().length() + RANDOM_CHARS + CHECKSUM_CHARS) {
            return false;
        }
        String randomPart = token.substring(kind.prefix().length(), kind.prefix().length() + RANDOM_CHARS);
        for (int i = 0; i < randomPart.length(); i++) {
            if (base62Value(randomPart.charAt(i)) < 0) {
                return false;
            }
        }
        return checksum(randomPart).equals(token.substring(token.length() - CHECKSUM_CHARS));
    }

    /** The stored form of a token: SHA-256, hex. The tokens carry 178 random bits, so no salt or slow hash is needed. */
    public String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Six base62 characters of the CRC32 of {@code body}: catches typos, proves nothing. */
    public static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    public static int base62Value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
