package dev.tokenkeeper.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserCodesTest {

    @Test
    void alphabetHasNoVowelsDigitsOrLookAlikes() {
        assertEquals(20, UserCodes.ALPHABET.length());
        assertEquals(20, UserCodes.ALPHABET.chars().distinct().count());
        for (char c : "AEIOUY0123456789".toCharArray()) {
            assertEquals(-1, UserCodes.ALPHABET.indexOf(c), "no " + c);
        }
        assertTrue(UserCodes.ALPHABET.chars().allMatch(c -> c >= 'A' && c <= 'Z'));
    }

    @Test
    void generatedCodesAreEightAlphabetCharactersShownAsTwoGroupsOfFour() {
        Random random = new Random(7);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String code = UserCodes.generate(random);
            assertTrue(code.matches("[BCDFGHJKLMNPQRSTVWXZ]{8}"), code);
            assertTrue(UserCodes.display(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"));
            code.chars().forEach(c -> seen.add((char) c));
        }
        assertEquals(20, seen.size(), "every letter of the alphabet is used");
    }

    @Test
    void typedCodesAreComparedCaseInsensitivelyWithoutTheDash() {
        assertEquals(Optional.of("WDJBMJHT"), UserCodes.normalize("WDJB-MJHT"));
        assertEquals(Optional.of("WDJBMJHT"), UserCodes.normalize("wdjb-mjht"));
        assertEquals(Optional.of("WDJBMJHT"), UserCodes.normalize("wdjbmjht"));
        assertEquals(Optional.of("WDJBMJHT"), UserCodes.normalize(" wdjb mjht "));
        assertEquals("WDJB-MJHT", UserCodes.display(UserCodes.normalize("wdjbMJHT").orElseThrow()));
    }

    @Test
    void whatCannotBeACodeIsRefusedBeforeAnyLookup() {
        assertFalse(UserCodes.normalize(null).isPresent());
        assertFalse(UserCodes.normalize("").isPresent());
        assertFalse(UserCodes.normalize("WDJB-MJH").isPresent(), "too short");
        assertFalse(UserCodes.normalize("WDJB-MJHTX").isPresent(), "too long");
        assertFalse(UserCodes.normalize("WDJB-MJH0").isPresent(), "a digit");
        assertFalse(UserCodes.normalize("WAJB-MJHT").isPresent(), "a vowel");
        assertFalse(UserCodes.normalize("B".repeat(40)).isPresent(), "absurdly long input");
    }
}
