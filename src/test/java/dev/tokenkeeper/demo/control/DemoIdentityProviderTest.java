package dev.tokenkeeper.demo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoIdentityProviderTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.600Z");

    private final DemoIdentityProvider cut = new DemoIdentityProvider();

    @Test
    void subjectTokenIsSignedByTheTrustedKeyAndAddressedToTheApp() throws Exception {
        ECKey key = cut.newKey();
        JWKSet trusted = JWKSet.parse(cut.publicJwks(key));
        SignedJWT jwt = SignedJWT.parse(cut.subjectToken(key, "ada", "Tk1.demo", NOW));

        ECKey published = (ECKey) trusted.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new ECDSAVerifier(published)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(DemoIdentityProvider.ISSUER, claims.getIssuer());
        assertEquals("ada", claims.getSubject());
        assertEquals(List.of("Tk1.demo"), claims.getAudience());
        assertEquals(Instant.parse("2026-11-27T12:00:00Z"), claims.getIssueTime().toInstant());
        assertEquals(Instant.parse("2026-11-27T12:02:00Z"), claims.getExpirationTime().toInstant());
    }

    @Test
    void trustedKeySetHoldsNoPrivateParts() throws Exception {
        JWKSet trusted = JWKSet.parse(cut.publicJwks(cut.newKey()));
        assertEquals(1, trusted.getKeys().size());
        assertFalse(trusted.getKeys().get(0).isPrivate(), "a tenant refuses a JWK set with private keys");
    }

    @Test
    void storedKeyParsesBackToTheSameKey() {
        ECKey key = cut.newKey();
        ECKey parsed = cut.parse(key.toJSONString());
        assertEquals(key, parsed);
        assertTrue(parsed.isPrivate());
    }
}
