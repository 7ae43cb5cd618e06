package dev.tokenkeeper.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubjectTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private static final String IDP = "https://login.acme.example";
    private static final String OUR_ISSUER = "https://tokens.example";

    private static RSAKey idpKey;
    private static RSAKey impostorKey;

    private SubjectTokenVerifier cut;
    private Tenant tenant;
    private App app;

    @BeforeAll
    static void keys() throws Exception {
        idpKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        // the same key id as the real one: only the signature can tell them apart
        impostorKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @BeforeEach
    void setUp() {
        tenant = new Tenant("acme", "Acme", NOW);
        tenant.trustIdentityProvider(IDP, new JWKSet(idpKey.toPublicJWK()).toString(), null);
        app = new App("Tk1.acme-web", tenant.id(), "Acme web", "not-used-here", Set.of(), true, NOW);
        cut = new SubjectTokenVerifier();
        cut.clock = new MutableClock(NOW);
        cut.ourIssuer = OUR_ISSUER;
    }

    @Test
    void goodTokenGivesItsSubject() {
        assertEquals("alice", cut.verifiedSubject(tenant, app, token(claims -> { })));
    }

    @Test
    void audienceNamingTheClientIsAccepted() {
        String token = token(claims -> claims.audience(app.clientId()));

        assertEquals("alice", cut.verifiedSubject(tenant, app, token));
    }

    @Test
    void audienceListContainingUsIsAccepted() {
        String token = token(claims -> claims.audience(List.of("https://other.example", OUR_ISSUER)));

        assertEquals("alice", cut.verifiedSubject(tenant, app, token));
    }

    @Test
    void tokenExpiredWithinTheAllowedSkewIsAccepted() {
        String token = token(claims -> claims.expirationTime(Date.from(NOW.minusSeconds(30))));

        assertEquals("alice", cut.verifiedSubject(tenant, app, token));
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() {
        String token = token(claims -> claims.issuer("https://evil.example"));

        assertRefused(token, "issuer", "https://evil.example");
    }

    @Test
    void tokenExpiredBeyondTheSkewIsRefused() {
        String token = token(claims -> claims.expirationTime(Date.from(NOW.minusSeconds(61))));

        assertRefused(token, "expired");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String token = token(claims -> claims.expirationTime(null));

        assertRefused(token, "no exp");
    }

    @Test
    void tokenNotYetValidBeyondTheSkewIsRefused() {
        String token = token(claims -> claims.notBeforeTime(Date.from(NOW.plusSeconds(120))));

        assertRefused(token, "not valid before");
    }

    @Test
    void audienceNamingNeitherUsNorTheClientIsRefused() {
        String token = token(claims -> claims.audience("https://someone-else.example"));

        assertRefused(token, "audience", "https://someone-else.example");
    }

    @Test
    void tokenWithoutAudienceIsRefused() {
        String token = token(claims -> claims.audience((String) null));

        assertRefused(token, "audience");
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        String token = token(claims -> claims.subject(null));

        assertRefused(token, "sub");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        String token = sign(impostorKey, claims().build());

        assertRefused(token, "signature");
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = new PlainJWT(claims().build()).serialize();

        assertRefused(token, "refused");
    }

    @Test
    void tokenSignedWithAnHmacAlgorithmIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        jwt.sign(new MACSigner("a shared secret of at least 256 bits!!".getBytes(StandardCharsets.UTF_8)));

        assertRefused(jwt.serialize(), "refused");
    }

    @Test
    void tokenWithAnOverlongSubjectIsRefused() {
        String token = token(claims -> claims.subject("u".repeat(256)));

        assertRefused(token, "sub");
    }

    @Test
    void subjectOfTheMaximumLengthIsAccepted() {
        String subject = "u".repeat(255);

        assertEquals(subject, cut.verifiedSubject(tenant, app, token(claims -> claims.subject(subject))));
    }

    @Test
    void stringThatIsNotAJwtIsRefused() {
        assertRefused("this-is-not-a-jwt", "not a JWT");
    }

    @Test
    void tenantWithoutIdentityProviderCannotExchange() {
        Tenant bare = new Tenant("bare", "Bare", NOW);

        OAuthException refusal = assertThrows(OAuthException.class,
                () -> cut.verifiedSubject(bare, app, token(claims -> { })));

        assertEquals(OAuthError.INVALID_REQUEST, refusal.error());
        assertTrue(refusal.getMessage().contains("no trusted identity provider"), refusal.getMessage());
    }

    private void assertRefused(String token, String... descriptionMentions) {
        OAuthException refusal = assertThrows(OAuthException.class, () -> cut.verifiedSubject(tenant, app, token));

        assertEquals(OAuthError.INVALID_REQUEST, refusal.error(), refusal.getMessage());
        for (String mention : descriptionMentions) {
            assertTrue(refusal.getMessage().toLowerCase().contains(mention.toLowerCase()),
                    "description does not mention '" + mention + "': " + refusal.getMessage());
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(IDP)
                .subject("alice")
                .audience(OUR_ISSUER)
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    private static String token(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = claims();
        change.accept(builder);
        return sign(idpKey, builder.build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
