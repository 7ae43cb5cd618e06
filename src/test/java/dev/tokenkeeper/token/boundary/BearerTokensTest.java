package dev.tokenkeeper.token.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.token.control.AccessTokens;
import dev.tokenkeeper.token.control.AccessTokensFixture;
import dev.tokenkeeper.token.control.MutableClock;
import dev.tokenkeeper.token.control.SigningKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    static final String ISSUER = "https://tokenkeeper.example";
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    ECKey key;
    ECKey published;
    AccessTokens accessTokens;
    BearerTokens cut;

    @BeforeEach
    void keys() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").algorithm(JWSAlgorithm.ES256).generate();
        published = key.toPublicJWK();
        SigningKeys keys = new SigningKeys() {
            @Override
            public ActiveKey active() {
                try {
                    return new ActiveKey("k1", new ECDSASigner(key));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public JWKSet published() {
                return new JWKSet(published);
            }
        };
        accessTokens = AccessTokensFixture.with(keys, ISSUER);
        cut = new BearerTokens();
        cut.accessTokens = accessTokens;
        cut.clock = clock;
    }

    String token(String issuer, Instant expiry, List<String> groups) {
        return accessTokens.sign(new JWTClaimsSet.Builder().issuer(issuer).subject("Tk1.app").claim("client_id", "Tk1.app")
                .claim("tenant", "acme").claim("groups", groups).expirationTime(Date.from(expiry)).build());
    }

    @Test
    void liveTokenGivesTheCallerWithItsGroupsAsRoles() {
        Caller caller = cut.caller("Bearer " + token(ISSUER, clock.instant().plusSeconds(60), List.of("admin"))).orElseThrow();
        assertEquals(new Caller("Tk1.app", "Tk1.app", "acme", Set.of("admin")), caller);
        assertTrue(caller.inGroup("admin"));
        assertFalse(caller.inGroup("platform-admin"));
        assertEquals("Tk1.app", caller.actor());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertTrue(cut.caller("bearer " + token(ISSUER, clock.instant().plusSeconds(60), List.of("admin"))).isPresent());
    }

    @Test
    void expiredTokenIsRefused() {
        String token = token(ISSUER, clock.instant().plusSeconds(60), List.of("admin"));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(cut.caller("Bearer " + token).isEmpty());
    }

    @Test
    void anotherIssuerIsRefused() {
        assertTrue(cut.caller("Bearer " + token("https://elsewhere.example", clock.instant().plusSeconds(60), List.of("admin"))).isEmpty());
    }

    @Test
    void aKeyNoLongerPublishedIsRefusedAtOnce() throws Exception {
        String token = token(ISSUER, clock.instant().plusSeconds(60), List.of("admin"));
        published = new ECKeyGenerator(Curve.P_256).keyID("k2").generate().toPublicJWK();
        assertTrue(cut.caller("Bearer " + token).isEmpty());
    }

    @Test
    void algNoneAndGarbageAndOtherSchemesAreRefused() {
        String real = token(ISSUER, clock.instant().plusSeconds(60), List.of("platform-admin"));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + real.split("\\.")[1] + ".";
        assertTrue(cut.caller("Bearer " + none).isEmpty());
        assertTrue(cut.caller("Bearer garbage").isEmpty());
        assertTrue(cut.caller("Bearer ").isEmpty());
        assertTrue(cut.caller("Basic eDp5").isEmpty());
        assertTrue(cut.caller(null).isEmpty());
        String tampered = real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertTrue(cut.caller("Bearer " + tampered).isEmpty());
    }
}
