package dev.tokenkeeper.token.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.entity.TokenKind;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefreshTokenFormatTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String FAMILY = "8d1c7f0e-3b1a-4c55-9e0f-4b7d2a61c901";
    private static final long MAX_GENERATION = 56_800_235_583L; // 62^6 - 1
    /** Where the parts sit in {@code tkr_ + family 22 + generation 6 + random 30 + tag 16 + checksum 6}. */
    private static final int TAG_START = 4 + 22 + 6 + 30;
    private static final int CHECKSUM_START = TAG_START + 16;

    private final OpaqueTokens opaqueTokens = new OpaqueTokens();
    private final RefreshTokenFormat cut = new RefreshTokenFormat(new Pepper("unit-test-pepper-0123456789".getBytes(UTF_8)),
            opaqueTokens);

    // --- the round trip ---

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 61, 62, 1_000_000, Integer.MAX_VALUE, MAX_GENERATION})
    void parseGivesBackFamilyAndGeneration(long generation) {
        String token = cut.issue(FAMILY, generation);

        assertEquals(Optional.of(new RefreshTokenFormat.Parsed(FAMILY, generation)), cut.parse(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "80000000-0000-0000-0000-000000000001", "00000000-0000-0001-8000-000000000000"})
    void extremeFamilyIdsSurviveTheRoundTrip(String familyId) {
        assertEquals(familyId, cut.parse(cut.issue(familyId, 3)).orElseThrow().familyId());
    }

    @Test
    void randomFamilyIdsSurviveTheRoundTrip() {
        for (int i = 0; i < 200; i++) {
            String familyId = UUID.randomUUID().toString();
            long generation = i * 7919L;
            assertEquals(new RefreshTokenFormat.Parsed(familyId, generation), cut.parse(cut.issue(familyId, generation)).orElseThrow());
        }
    }

    @Test
    void tokenHasThePrefixLength84AndOnlyBase62() {
        String token = cut.issue(FAMILY, 5);

        assertEquals(84, token.length(), token);
        assertTrue(token.startsWith(TokenKind.REFRESH.prefix()), token);
        for (char c : token.substring(4).toCharArray()) {
            assertTrue(BASE62.indexOf(c) >= 0, () -> "not base62: '" + c + "' in " + token);
        }
    }

    @Test
    void twoTokensOfTheSameFamilyAndGenerationDiffer() {
        assertNotEquals(cut.issue(FAMILY, 5), cut.issue(FAMILY, 5));
    }

    @Test
    void generationOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> cut.issue(FAMILY, -1));
        assertThrows(IllegalArgumentException.class, () -> cut.issue(FAMILY, MAX_GENERATION + 1));
    }

    // --- well-formed: shape and checksum of either format ---

    @Test
    void bothFormatsAreWellFormed() {
        assertTrue(cut.isWellFormed(cut.issue(FAMILY, 0)));
        assertTrue(cut.isWellFormed(opaqueTokens.generate(TokenKind.REFRESH)));
    }

    @Test
    void wellFormedNeedsPrefixLengthAndChecksum() {
        String token = cut.issue(FAMILY, 0);
        String legacy = opaqueTokens.generate(TokenKind.REFRESH);

        assertFalse(cut.isWellFormed(null));
        assertFalse(cut.isWellFormed(""));
        assertFalse(cut.isWellFormed("tko_" + token.substring(4)));
        assertFalse(cut.isWellFormed(token + "x"));
        assertFalse(cut.isWellFormed(token.substring(0, 83)));
        assertFalse(cut.isWellFormed(withChar(token, 83, token.charAt(83) == 'A' ? 'B' : 'A')));
        assertFalse(cut.isWellFormed(withChar(legacy, 39, legacy.charAt(39) == 'A' ? 'B' : 'A')));
        assertFalse(cut.isWellFormed(withChar(token, 10, '-')));
        assertFalse(cut.isWellFormed(opaqueTokens.generate(TokenKind.NON_EXPIRING_ACCESS)));
    }

    @Test
    void anySingleCharacterChangeIsCaughtByTheChecksumOrTheTag() {
        String token = cut.issue(FAMILY, 9);
        for (int position = 4; position < token.length(); position++) {
            char replacement = token.charAt(position) == 'z' ? 'y' : 'z';
            String changed = withChar(token, position, replacement);
            assertTrue(cut.parse(changed).isEmpty(), "change at " + position + " went unnoticed: " + changed);
        }
    }

    // --- parse: only genuine tokens of this server ---

    @Test
    void parseRejectsAWrongChecksum() {
        String token = cut.issue(FAMILY, 0);

        assertTrue(cut.parse(withChar(token, 83, token.charAt(83) == 'A' ? 'B' : 'A')).isEmpty());
    }

    @Test
    void parseRejectsAWrongTagEvenWithARightChecksum() {
        String token = cut.issue(FAMILY, 4);
        String body = token.substring(4, TAG_START) + flip(token.substring(TAG_START, CHECKSUM_START));
        String forged = "tkr_" + body + OpaqueTokens.checksum(body);

        assertTrue(cut.isWellFormed(forged), "the forgery has a right shape and checksum");
        assertTrue(cut.parse(forged).isEmpty());
    }

    @Test
    void parseRejectsAChangedFamilyOrGenerationWithARightChecksum() {
        String token = cut.issue(FAMILY, 4);
        for (int position : new int[] {4, 25, 26, 31}) {
            String changed = withChar(token, position, token.charAt(position) == '1' ? '2' : '1');
            String body = changed.substring(4, CHECKSUM_START);
            String forged = "tkr_" + body + OpaqueTokens.checksum(body);
            assertTrue(cut.isWellFormed(forged));
            assertTrue(cut.parse(forged).isEmpty(), "position " + position);
        }
    }

    @Test
    void parseRejectsATokenOfAnotherPepper() {
        RefreshTokenFormat anotherServer = new RefreshTokenFormat(new Pepper("another-pepper-0123456789".getBytes(UTF_8)),
                opaqueTokens);
        String theirs = anotherServer.issue(FAMILY, 2);

        assertTrue(cut.isWellFormed(theirs));
        assertTrue(cut.parse(theirs).isEmpty());
        assertEquals(Optional.of(new RefreshTokenFormat.Parsed(FAMILY, 2)), anotherServer.parse(theirs));
    }

    @Test
    void parseRejectsAWrongPrefix() {
        String token = cut.issue(FAMILY, 0);

        assertTrue(cut.parse("tko_" + token.substring(4)).isEmpty());
        assertTrue(cut.parse("TKR_" + token.substring(4)).isEmpty());
    }

    @Test
    void parseRejectsCharactersOutsideBase62() {
        String token = cut.issue(FAMILY, 0);

        for (char bad : new char[] {'-', '_', '+', '/', '=', ' ', 'é'}) {
            assertTrue(cut.parse(withChar(token, 30, bad)).isEmpty(), "'" + bad + "'");
        }
    }

    @Test
    void parseRejectsNullEmptyAndTheEarlierFormat() {
        assertTrue(cut.parse(null).isEmpty());
        assertTrue(cut.parse("").isEmpty());
        assertTrue(cut.parse(opaqueTokens.generate(TokenKind.REFRESH)).isEmpty());
    }

    // --- the earlier format ---

    @Test
    void onlyAWellFormedTokenOfTheEarlierFormatIsLegacy() {
        String legacy = opaqueTokens.generate(TokenKind.REFRESH);

        assertTrue(cut.isLegacy(legacy));
        assertFalse(cut.isLegacy(cut.issue(FAMILY, 0)));
        assertFalse(cut.isLegacy(null));
        assertFalse(cut.isLegacy("tkr_short"));
        assertFalse(cut.isLegacy(withChar(legacy, 39, legacy.charAt(39) == 'A' ? 'B' : 'A')));
        assertFalse(cut.isLegacy(opaqueTokens.generate(TokenKind.NON_EXPIRING_ACCESS)));
    }

    private static String withChar(String token, int position, char c) {
        return token.substring(0, position) + c + token.substring(position + 1);
    }

    /** Every character replaced by another base62 character. */
    private static String flip(String part) {
        StringBuilder out = new StringBuilder();
        for (char c : part.toCharArray()) {
            out.append(BASE62.charAt((BASE62.indexOf(c) + 1) % 62));
        }
        return out.toString();
    }
}
