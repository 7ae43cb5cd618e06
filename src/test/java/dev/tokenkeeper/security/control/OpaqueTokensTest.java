package dev.tokenkeeper.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.security.entity.TokenKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpaqueTokensTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final OpaqueTokens cut = new OpaqueTokens();

    @ParameterizedTest
    @EnumSource(TokenKind.class)
    void generatedTokenHasPrefixLengthAndOnlyBase62(TokenKind kind) {
        String token = cut.generate(kind);

        assertTrue(token.startsWith(kind.prefix()), token);
        assertEquals(kind.prefix().length() + 30 + 6, token.length(), token);
        String body = token.substring(kind.prefix().length());
        for (char c : body.toCharArray()) {
            assertTrue(BASE62.indexOf(c) >= 0, () -> "not base62: '" + c + "' in " + token);
        }
    }

    @ParameterizedTest
    @EnumSource(TokenKind.class)
    void generatedTokenIsWellFormed(TokenKind kind) {
        assertTrue(cut.isWellFormed(cut.generate(kind), kind));
    }

    @ParameterizedTest
    @EnumSource(TokenKind.class)
    void anySingleCharacterChangeOfRandomPartOrChecksumIsDetected(TokenKind kind) {
        String token = cut.generate(kind);
        int prefix = kind.prefix().length();
        for (int position = prefix; position < token.length(); position++) {
            for (char replacement : BASE62.toCharArray()) {
                if (replacement == token.charAt(position)) {
                    continue;
                }
                String altered = token.substring(0, position) + replacement + token.substring(position + 1);
                assertFalse(cut.isWellFormed(altered, kind),
                        "accepted " + altered + " (position " + position + " of " + token + ")");
            }
        }
    }

    @Test
    void tokenOfOneKindIsNotWellFormedAsAnother() {
        for (TokenKind issued : TokenKind.values()) {
            String token = cut.generate(issued);
            for (TokenKind other : TokenKind.values()) {
                assertEquals(issued == other, cut.isWellFormed(token, other), issued + " token checked as " + other);
            }
        }
    }

    @Test
    void nullIsRefused() {
        assertFalse(cut.isWellFormed(null, TokenKind.REFRESH));
    }

    @Test
    void tooShortTokenIsRefused() {
        String token = cut.generate(TokenKind.REFRESH);

        assertFalse(cut.isWellFormed(token.substring(0, token.length() - 1), TokenKind.REFRESH));
        assertFalse(cut.isWellFormed("tkr_", TokenKind.REFRESH));
        assertFalse(cut.isWellFormed("", TokenKind.REFRESH));
    }

    @Test
    void tooLongTokenIsRefused() {
        String token = cut.generate(TokenKind.REFRESH);

        assertFalse(cut.isWellFormed(token + "A", TokenKind.REFRESH));
        assertFalse(cut.isWellFormed("A" + token, TokenKind.REFRESH));
    }

    @Test
    void nonBase62RandomPartIsRefusedEvenWithMatchingChecksum() {
        String randomPart = "abcdefghijklmnopqrstuvwxyz012-";
        String token = TokenKind.REFRESH.prefix() + randomPart + OpaqueTokens.checksum(randomPart);

        assertEquals(4 + 30 + 6, token.length());
        assertFalse(cut.isWellFormed(token, TokenKind.REFRESH));
    }

    @Test
    void handMadeTokenWithComputedChecksumIsWellFormed() {
        String randomPart = "abcdefghijklmnopqrstuvwxyz0123";

        assertTrue(cut.isWellFormed("tko_" + randomPart + OpaqueTokens.checksum(randomPart), TokenKind.NON_EXPIRING_ACCESS));
    }

    @Test
    void thousandGeneratedTokensAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(cut.generate(TokenKind.REFRESH));
        }

        assertEquals(1000, seen.size());
    }

    @Test
    void randomCharactersAreEvenlySpreadOverBase62() {
        int tokens = 2000;
        int[] counts = new int[62];
        for (int i = 0; i < tokens; i++) {
            String token = cut.generate(TokenKind.REFRESH);
            for (char c : token.substring(4, 4 + 30).toCharArray()) {
                counts[BASE62.indexOf(c)]++;
            }
        }

        double expected = tokens * 30 / 62.0;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 61 degrees of freedom: above 130 happens by chance about once in a million runs; a plain
        // "byte % 62" (the first 8 characters 25 % likelier) scores near 400.
        assertTrue(chiSquare < 130, "chi-square " + chiSquare + " for counts " + Arrays.toString(counts));
    }

    @Test
    void hashIsSha256InLowercaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", cut.hash("abc"));
    }

    @Test
    void hashIsSixtyFourHexCharacters() {
        String hash = cut.hash(cut.generate(TokenKind.REFRESH));

        assertEquals(64, hash.length());
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    }

    @Test
    void hashIsDeterministic() {
        String token = cut.generate(TokenKind.REFRESH);

        assertEquals(cut.hash(token), new OpaqueTokens().hash(token));
    }

    @Test
    void differentTokensHaveDifferentHashes() {
        assertNotEquals(cut.hash(cut.generate(TokenKind.REFRESH)), cut.hash(cut.generate(TokenKind.REFRESH)));
    }
}
