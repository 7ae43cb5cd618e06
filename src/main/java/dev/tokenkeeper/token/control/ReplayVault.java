package dev.tokenkeeper.token.control;

import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.token.entity.IssuedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Keeps the answer of a rotation so that an idempotent retry can be answered with the very same
 * tokens. The answer is sealed with a key derived from the spent refresh token itself (and the
 * pepper): the database never holds what is needed to open it, only the client that presents the
 * old token again does. It is bound to its family and the generation it spent, and forgotten after the grace window.
 */
@ApplicationScoped
public class ReplayVault {

    @Inject
    Pepper pepper;

    @Inject
    Sealer sealer;

    private byte[] masterKey;

    public ReplayVault() {
    }

    /** For unit tests. */
    public ReplayVault(Pepper pepper, Sealer sealer) {
        this.pepper = pepper;
        this.sealer = sealer;
    }

    public String seal(IssuedTokens answer, String spentRefreshToken, String familyId, long spentGeneration) {
        String plain = String.join("\n",
                answer.accessToken(),
                millis(answer.accessExpiresAt()),
                answer.refreshToken(),
                millis(answer.refreshExpiresAt()),
                answer.scope() == null ? "" : answer.scope());
        return sealer.seal(keyFor(spentRefreshToken), plain.getBytes(StandardCharsets.UTF_8), aad(familyId, spentGeneration));
    }

    /** Empty when the blob does not open with this token for this family and generation. */
    public Optional<IssuedTokens> open(String blob, String spentRefreshToken, String familyId, long spentGeneration) {
        try {
            String plain = new String(sealer.open(keyFor(spentRefreshToken), blob, aad(familyId, spentGeneration)), StandardCharsets.UTF_8);
            String[] parts = plain.split("\n", -1);
            return Optional.of(new IssuedTokens(parts[0], instant(parts[1]), parts[2], instant(parts[3]), parts[4]));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        }
    }

    private byte[] keyFor(String spentRefreshToken) {
        if (masterKey == null) {
            masterKey = pepper.keyFor("refresh-replay");
        }
        return Pepper.hmac(masterKey, spentRefreshToken.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] aad(String familyId, long spentGeneration) {
        return (familyId + "#" + spentGeneration).getBytes(StandardCharsets.UTF_8);
    }

    private static String millis(Instant instant) {
        return instant == null ? "" : Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
