package dev.tokenkeeper.token.control;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * User codes of the device flow, as GitHub shows them: 8 characters, {@code XXXX-XXXX}, typed by a
 * person on a phone. RFC 8628 §6.1: consonants only (no vowels, so no words; no look-alikes such as
 * 0/O, 1/I/L... only letters that cannot be mistaken for one another once upper-cased), compared
 * case-insensitively and without the dash. 20^8 ≈ 2.6·10^10 codes: with a 15-minute life and slowed
 * guessing, brute force is hopeless.
 */
public final class UserCodes {

    /** Upper-case consonants without Y (read as a vowel in some languages). */
    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    public static final int LENGTH = 8;

    private UserCodes() {
    }

    /** A new code in its stored form: 8 characters of {@link #ALPHABET}, no dash. */
    public static String generate(RandomGenerator random) {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** As a person reads it: {@code WDJB-MJHT}. */
    public static String display(String stored) {
        return stored.substring(0, LENGTH / 2) + "-" + stored.substring(LENGTH / 2);
    }

    /**
     * What a person typed, in the stored form: case-insensitive, dashes and spaces ignored. Empty
     * when it cannot be a user code at all (wrong length, a character outside the alphabet).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                return Optional.empty();
            }
            code.append(c);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }
}
