package dev.tokenkeeper.demo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.demo.entity.EmbedTokenRefusedException;
import dev.tokenkeeper.demo.entity.VerifiedEmbedToken;
import dev.tokenkeeper.embed.control.BuiltinEmbedTokens;
import dev.tokenkeeper.token.boundary.TokenSigner;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbedTokenCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);

    private EmbedTokenCheck cut;
    /** Stands in for signing: a "token" is a key into this map, and only keys in it verify. */
    private final Map<String, JWTClaimsSet> signed = new HashMap<>();

    @BeforeEach
    void check() {
        cut = new EmbedTokenCheck();
        cut.signer = new TokenSigner() {
            @Override
            public Optional<JWTClaimsSet> verifiedClaims(String jwt) {
                return Optional.ofNullable(signed.get(jwt));
            }
        };
    }

    @Test
    void validTokenGrantsItsReportOfItsTenant() {
        VerifiedEmbedToken token = cut.verify("EmbedToken " + token("good", embed("sales")), "sales", NOW);
        assertEquals("acme", token.tenant());
        assertEquals("sales", token.reportId());
        assertEquals("jti-1", token.tokenId());
        assertEquals(EXPIRES, token.expiration());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals("sales", cut.verify("embedtoken " + token("good", embed("sales")), "sales", NOW).reportId());
    }

    @Test
    void accessTokenThatGotPastMicroProfileJwtAsBearerIsStillRefused() {
        JWTClaimsSet access = new JWTClaimsSet.Builder(embed("sales")).audience("Tk1.app").claim("token_use", null).build();
        assertInvalid("Bearer " + token("access", access), "sales", "not an embed token");
    }

    @Test
    void tokenAtItsExpiryIsTokenExpired() {
        EmbedTokenRefusedException refused = assertThrows(EmbedTokenRefusedException.class,
                () -> cut.verify("EmbedToken " + token("good", embed("sales")), "sales", EXPIRES));
        assertEquals("TokenExpired", refused.code());
        assertTrue(refused.getMessage().contains(EXPIRES.toString()), refused.getMessage());
    }

    @Test
    void tokenForAnotherReportIsInvalid() {
        assertInvalid("EmbedToken " + token("good", embed("sales")), "costs", "for report 'sales', not 'costs'");
    }

    @Test
    void expiredTokenForAnotherReportIsInvalidNotExpired() {
        EmbedTokenRefusedException refused = assertThrows(EmbedTokenRefusedException.class,
                () -> cut.verify("EmbedToken " + token("good", embed("sales")), "costs", EXPIRES.plusSeconds(1)));
        assertEquals("invalid_token", refused.code(), "a fresh token of the same kind would not help");
    }

    @Test
    void accessTokenIsNotAnEmbedToken() {
        JWTClaimsSet access = new JWTClaimsSet.Builder(embed("sales")).audience("Tk1.app").claim("token_use", null).build();
        assertInvalid("EmbedToken " + token("access", access), "sales", "not an embed token");
    }

    @Test
    void embedAudienceWithoutEmbedUseIsRefused() {
        JWTClaimsSet odd = new JWTClaimsSet.Builder(embed("sales")).claim("token_use", "access").build();
        assertInvalid("EmbedToken " + token("odd", odd), "sales", "not an embed token");
    }

    @Test
    void tokenWithoutTenantIsRefused() {
        assertInvalid("EmbedToken " + token("no-tenant", new JWTClaimsSet.Builder(embed("sales")).claim("tenant", null).build()),
                "sales", "names no tenant");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        assertInvalid("EmbedToken " + token("forever", new JWTClaimsSet.Builder(embed("sales")).expirationTime(null).build()),
                "sales", "no expiry");
    }

    @Test
    void tokenWeDidNotSignIsRefused() {
        assertInvalid("EmbedToken forged", "sales", "not an embed token signed by this server");
    }

    @Test
    void missingOrOtherAuthorizationIsRefused() {
        assertInvalid(null, "sales", "Authorization: EmbedToken");
        assertInvalid("Basic YTpi", "sales", "Authorization: EmbedToken");
        assertInvalid("EmbedToken   ", "sales", "Authorization: EmbedToken");
    }

    private void assertInvalid(String authorization, String reportId, String messagePart) {
        EmbedTokenRefusedException refused = assertThrows(EmbedTokenRefusedException.class, () -> cut.verify(authorization, reportId, NOW));
        assertEquals("invalid_token", refused.code());
        assertTrue(refused.getMessage().contains(messagePart), refused.getMessage());
    }

    private String token(String name, JWTClaimsSet claims) {
        signed.put(name, claims);
        return name;
    }

    /** What BuiltinEmbedTokens mints. */
    private static JWTClaimsSet embed(String reportId) {
        return new JWTClaimsSet.Builder()
                .issuer("https://tokens.example")
                .audience("tokenkeeper-embed")
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(EXPIRES))
                .jwtID("jti-1")
                .claim("tenant", "acme")
                .claim("rid", reportId)
                .claim("token_use", "embed")
                .build();
    }
}
