package dev.tokenkeeper.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private static final String SECRET = "tks_AbCdEfGhIjKlMnOpQrStUvWxYz0123ABCDEF";

    private final SecretHasher cut = new SecretHasher(pepper("unit-test-pepper-one"));

    @Test
    void hashIsSixtyFourHexCharacters() {
        assertTrue(cut.hash(SECRET).matches("[0-9a-f]{64}"), cut.hash(SECRET));
    }

    @Test
    void secretMatchesItsOwnHash() {
        assertTrue(cut.matches(SECRET, cut.hash(SECRET)));
    }

    @Test
    void hashIsDeterministicForTheSamePepper() {
        assertEquals(cut.hash(SECRET), new SecretHasher(pepper("unit-test-pepper-one")).hash(SECRET));
    }

    @Test
    void differentSecretIsRefused() {
        String stored = cut.hash(SECRET);

        assertFalse(cut.matches(SECRET + "x", stored));
        assertFalse(cut.matches(SECRET.substring(1), stored));
    }

    @Test
    void nullSecretIsRefused() {
        assertFalse(cut.matches(null, cut.hash(SECRET)));
    }

    @Test
    void nullStoredHashIsRefused() {
        assertFalse(cut.matches(SECRET, null));
    }

    @Test
    void differentPepperGivesDifferentHash() {
        SecretHasher other = new SecretHasher(pepper("unit-test-pepper-two"));

        assertNotEquals(cut.hash(SECRET), other.hash(SECRET));
        assertFalse(other.matches(SECRET, cut.hash(SECRET)));
    }

    private static Pepper pepper(String text) {
        return new Pepper(text.getBytes(StandardCharsets.UTF_8));
    }
}
