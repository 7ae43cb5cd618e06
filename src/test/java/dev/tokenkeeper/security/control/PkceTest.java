package dev.tokenkeeper.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PkceTest {

    // RFC 7636 Appendix B
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256ChallengeIsTheRfcExample() {
        assertEquals(CHALLENGE, Pkce.challengeOf(VERIFIER));
        assertTrue(Pkce.matches(VERIFIER, CHALLENGE));
    }

    @Test
    void anotherVerifierDoesNotMatch() {
        assertFalse(Pkce.matches(VERIFIER.replace('d', 'e'), CHALLENGE));
    }

    @Test
    void verifierOutsideTheRfcAlphabetOrLengthNeverMatches() {
        assertFalse(Pkce.matches("short", Pkce.challengeOf("short")));
        String tooLong = "a".repeat(129);
        assertFalse(Pkce.matches(tooLong, Pkce.challengeOf(tooLong)));
        String withSpace = "a".repeat(42) + " ";
        assertFalse(Pkce.matches(withSpace, Pkce.challengeOf(withSpace)));
    }

    @Test
    void plainIsRefusedAndS256Accepted() {
        assertTrue(Pkce.problem(CHALLENGE, "plain").isPresent());
        assertTrue(Pkce.problem(CHALLENGE, null).isPresent(), "a missing method would mean plain");
        assertTrue(Pkce.problem(CHALLENGE, "S256").isEmpty());
    }

    @Test
    void noPkceAtAllIsAllowedForConfidentialClients() {
        assertTrue(Pkce.problem(null, null).isEmpty());
        assertTrue(Pkce.problem(null, "S256").isPresent(), "a method without a challenge is a mistake");
    }

    @Test
    void challengeMustBeA43CharacterBase64UrlHash() {
        assertTrue(Pkce.problem(CHALLENGE + "=", "S256").isPresent());
        assertTrue(Pkce.problem(CHALLENGE.substring(1), "S256").isPresent());
        assertTrue(Pkce.problem(CHALLENGE.replace('E', '+'), "S256").isPresent());
    }
}
