package dev.tokenkeeper.signin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdTokenVerifierTest {

    static final String ISSUER = "https://idp.example/realm";
    static final String CLIENT = "tokenkeeper";
    static final String NONCE = "n-0S6_WzA2Mj";
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    ECKey key;
    ImmutableJWKSet<SecurityContext> keys;
    IdTokenVerifier cut;

    @BeforeEach
    void setUp() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
        cut = new IdTokenVerifier(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void validTokenGivesItsSubject() throws Exception {
        assertEquals("ada", cut.verifiedSubject(token(b -> b), keys, ISSUER, CLIENT, NONCE));
    }

    @Test
    void otherIssuerIsRefused() throws Exception {
        refused(token(b -> b.issuer("https://evil.example")), "iss");
    }

    @Test
    void audienceWithoutOurClientIsRefused() throws Exception {
        refused(token(b -> b.audience("someone-else")), "aud");
    }

    @Test
    void severalAudiencesNeedOurClientAsAzp() throws Exception {
        refused(token(b -> b.audience(List.of(CLIENT, "other"))), "azp");
        assertEquals("ada", cut.verifiedSubject(token(b -> b.audience(List.of(CLIENT, "other")).claim("azp", CLIENT)),
                keys, ISSUER, CLIENT, NONCE));
    }

    @Test
    void expiredTokenIsRefusedAfterTheSkew() throws Exception {
        refused(token(b -> b.expirationTime(Date.from(NOW.minus(IdTokenVerifier.ALLOWED_SKEW).minusSeconds(1)))), "expired");
        assertEquals("ada", cut.verifiedSubject(token(b -> b.expirationTime(Date.from(NOW.minusSeconds(30)))), keys, ISSUER, CLIENT, NONCE));
    }

    @Test
    void wrongOrMissingNonceIsRefused() throws Exception {
        refused(token(b -> b.claim("nonce", "another")), "nonce");
        refused(token(b -> b.claim("nonce", null)), "nonce");
    }

    @Test
    void signatureByAnotherKeyIsRefused() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(), claims().build());
        jwt.sign(new ECDSASigner(other));
        refused(jwt.serialize(), "");
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims().build().toString().getBytes());
        assertThrows(SignInFailedException.class, () -> cut.verifiedSubject(header + "." + body + ".", keys, ISSUER, CLIENT, NONCE));
    }

    private void refused(String token, String why) {
        SignInFailedException e = assertThrows(SignInFailedException.class, () -> cut.verifiedSubject(token, keys, ISSUER, CLIENT, NONCE));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("ada").audience(CLIENT).claim("nonce", NONCE)
                .issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    private String token(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(), change.apply(claims()).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
