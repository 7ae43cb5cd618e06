package dev.tokenkeeper.token.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.token.entity.IssuedTokens;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayVaultTest {

    private static final String SPENT = "tkr_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    private static final String FAMILY = "8d1c7f0e-3b1a-4c55-9e0f-4b7d2a61c901";
    private static final long GENERATION = 7;
    private static final IssuedTokens ANSWER = new IssuedTokens("eyJhbGciOiJFUzI1NiJ9.access.sig",
            Instant.parse("2025-03-01T17:00:00.123Z"), "tkr_ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
            Instant.parse("2025-08-30T09:00:00Z"), "repo read:user");

    private final ReplayVault cut = new ReplayVault(new Pepper("unit-test-pepper-0123456789".getBytes(UTF_8)), new Sealer());

    @Test
    void sealedAnswerOpensWithTheSpentTokenForItsFamilyAndGeneration() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, GENERATION);

        assertEquals(Optional.of(ANSWER), cut.open(blob, SPENT, FAMILY, GENERATION));
    }

    @Test
    void answerWithoutAccessExpiryOrScopeSurvivesTheRoundTrip() {
        IssuedTokens nonExpiring = new IssuedTokens("tko_access", null, "tkr_refresh", Instant.parse("2025-08-30T09:00:00Z"), "");

        assertEquals(Optional.of(nonExpiring), cut.open(cut.seal(nonExpiring, SPENT, FAMILY, GENERATION), SPENT, FAMILY, GENERATION));
    }

    @Test
    void blobDoesNotRevealTheTokens() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, GENERATION);

        assertFalse(blob.contains(ANSWER.refreshToken()));
        assertFalse(blob.contains(ANSWER.accessToken()));
    }

    @Test
    void anotherTokenDoesNotOpenTheAnswer() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, GENERATION);

        assertTrue(cut.open(blob, SPENT.replace('A', 'B'), FAMILY, GENERATION).isEmpty());
        assertTrue(cut.open(blob, ANSWER.refreshToken(), FAMILY, GENERATION).isEmpty());
    }

    @Test
    void answerDoesNotOpenForAnotherFamily() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, GENERATION);

        assertTrue(cut.open(blob, SPENT, "2f6e0b9a-71c4-4d0e-8a3b-5c9d1e7f2a40", GENERATION).isEmpty());
    }

    @Test
    void answerDoesNotOpenForAnotherGeneration() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, GENERATION);

        assertTrue(cut.open(blob, SPENT, FAMILY, GENERATION + 1).isEmpty());
        assertTrue(cut.open(blob, SPENT, FAMILY, GENERATION - 1).isEmpty());
    }

    @Test
    void answerOfGenerationZeroOpensOnlyForGenerationZero() {
        String blob = cut.seal(ANSWER, SPENT, FAMILY, 0);

        assertEquals(Optional.of(ANSWER), cut.open(blob, SPENT, FAMILY, 0));
        assertTrue(cut.open(blob, SPENT, FAMILY, 1).isEmpty());
    }

    @Test
    void anotherPepperDoesNotOpenTheAnswer() {
        ReplayVault otherServer = new ReplayVault(new Pepper("another-pepper-0123456789".getBytes(UTF_8)), new Sealer());

        assertTrue(otherServer.open(cut.seal(ANSWER, SPENT, FAMILY, GENERATION), SPENT, FAMILY, GENERATION).isEmpty());
    }
}
