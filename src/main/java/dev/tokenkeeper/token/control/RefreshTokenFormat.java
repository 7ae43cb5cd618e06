package dev.tokenkeeper.token.control;

import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.entity.TokenKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

/**
 * The refresh token's text. It names its token family, so a rotation reads one row by primary key
 * instead of searching an index of hashes, and it carries a tag (a MAC under a pepper-derived key)
 * so that only a token this server issued can name a family:
 *
 * <pre>tkr_ + family (22) + generation (6) + random (30) + tag (16) + CRC32 checksum (6)</pre>
 *
 * <p>Why the tag: the family id is not a secret (it is the {@code fid} claim of every access token
 * of the sign-in), and presenting an older token of a family revokes the family. Without the tag,
 * anyone who saw an access token could make up a "spent" refresh token of its family and sign the
 * user out. With it, a token that does not match the family's current or previous hash is known to
 * be a genuine older token of that family: real reuse.
 *
 * <p>Tokens issued before this format (prefix + 30 random + checksum) stay valid: {@link #isLegacy}
 * tells them apart, and the store finds their family by hash.
 */
@ApplicationScoped
public class RefreshTokenFormat {

    static final int FAMILY_CHARS = 22;
    static final int GENERATION_CHARS = 6;
    static final int RANDOM_CHARS = 30;
    static final int TAG_CHARS = 16;
    static final int CHECKSUM_CHARS = 6;
    private static final String PREFIX = TokenKind.REFRESH.prefix();
    static final int LENGTH = PREFIX.length() + FAMILY_CHARS + GENERATION_CHARS + RANDOM_CHARS + TAG_CHARS + CHECKSUM_CHARS;
    private static final long MAX_GENERATION = 56_800_235_583L; // 62^6 - 1
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

    @Inject
    Pepper pepper;

    @Inject
    OpaqueTokens opaqueTokens;

    private byte[] tagKey;

    public RefreshTokenFormat() {
    }

    /** For unit tests. */
    public RefreshTokenFormat(Pepper pepper, OpaqueTokens opaqueTokens) {
        this.pepper = pepper;
        this.opaqueTokens = opaqueTokens;
        init();
    }

    @PostConstruct
    void init() {
        tagKey = pepper.keyFor("refresh-token-tag");
    }

    /** What a well-formed, genuine token says about itself. */
    public record Parsed(String familyId, long generation) {
    }

    public String issue(String familyId, long generation) {
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new IllegalArgumentException("generation out of range: " + generation);
        }
        String signed = encodeUuid(UUID.fromString(familyId)) + encode(BigInteger.valueOf(generation), GENERATION_CHARS)
                + opaqueTokens.randomBase62(RANDOM_CHARS);
        String body = signed + tag(signed);
        return PREFIX + body + OpaqueTokens.checksum(body);
    }

    /**
     * The family and generation of a token this server issued; empty for anything else (wrong
     * length, characters or checksum, or a tag that does not verify). Costs one HMAC, no database.
     */
    public Optional<Parsed> parse(String token) {
        if (token == null || token.length() != LENGTH || !hasCurrentShape(token)) {
            return Optional.empty();
        }
        String body = token.substring(PREFIX.length(), LENGTH - CHECKSUM_CHARS);
        String signed = body.substring(0, body.length() - TAG_CHARS);
        byte[] expected = tag(signed).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = body.substring(body.length() - TAG_CHARS).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        BigInteger family = decode(signed.substring(0, FAMILY_CHARS));
        if (family.bitLength() > 128) {
            return Optional.empty();
        }
        long generation = decode(signed.substring(FAMILY_CHARS, FAMILY_CHARS + GENERATION_CHARS)).longValueExact();
        return Optional.of(new Parsed(decodeUuid(family).toString(), generation));
    }

    /** Shape and checksum of either format, before any key or database work: a typo is told apart cheaply. */
    public boolean isWellFormed(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return false;
        }
        return token.length() == LENGTH ? hasCurrentShape(token) : opaqueTokens.isWellFormed(token, TokenKind.REFRESH);
    }

    /** A token of {@link #LENGTH} with the prefix: base62 throughout and a matching checksum. */
    private static boolean hasCurrentShape(String token) {
        if (!token.startsWith(PREFIX)) {
            return false;
        }
        String body = token.substring(PREFIX.length(), LENGTH - CHECKSUM_CHARS);
        for (int i = 0; i < body.length(); i++) {
            if (OpaqueTokens.base62Value(body.charAt(i)) < 0) {
                return false;
            }
        }
        return OpaqueTokens.checksum(body).equals(token.substring(LENGTH - CHECKSUM_CHARS));
    }

    /** A refresh token in the format used before families named themselves. */
    public boolean isLegacy(String token) {
        return token != null && token.length() != LENGTH && opaqueTokens.isWellFormed(token, TokenKind.REFRESH);
    }

    private String tag(String signed) {
        byte[] mac = Pepper.hmac(tagKey, signed.getBytes(StandardCharsets.US_ASCII));
        char[] out = new char[TAG_CHARS];
        for (int i = 0; i < TAG_CHARS; i++) {
            // 16 characters of a 32-byte MAC: ~95 bits, a slight bias per character does not matter for a MAC.
            out[i] = OpaqueTokens.BASE62[(mac[i] & 0xFF) % 62];
        }
        return new String(out);
    }

    private static String encodeUuid(UUID id) {
        BigInteger value = new BigInteger(1, toBytes(id));
        return encode(value, FAMILY_CHARS);
    }

    private static UUID decodeUuid(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[16];
        int copy = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - copy, bytes, 16 - copy, copy);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xFF);
            low = (low << 8) | (bytes[i + 8] & 0xFF);
        }
        return new UUID(high, low);
    }

    private static byte[] toBytes(UUID id) {
        byte[] bytes = new byte[16];
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) high;
            bytes[i + 8] = (byte) low;
            high >>>= 8;
            low >>>= 8;
        }
        return bytes;
    }

    private static String encode(BigInteger value, int width) {
        char[] out = new char[width];
        BigInteger rest = value;
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] division = rest.divideAndRemainder(SIXTY_TWO);
            out[i] = OpaqueTokens.BASE62[division[1].intValue()];
            rest = division[0];
        }
        if (rest.signum() != 0) {
            throw new IllegalArgumentException("does not fit in " + width + " base62 characters");
        }
        return new String(out);
    }

    private static BigInteger decode(String digits) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < digits.length(); i++) {
            value = value.multiply(SIXTY_TWO).add(BigInteger.valueOf(OpaqueTokens.base62Value(digits.charAt(i))));
        }
        return value;
    }
}
