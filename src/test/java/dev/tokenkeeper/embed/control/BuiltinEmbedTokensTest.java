package dev.tokenkeeper.embed.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.token.boundary.TokenSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BuiltinEmbedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-25T11:00:00.750Z");
    private static final String ISSUER = "https://tokens.example";

    private static ECKey key;

    private BuiltinEmbedTokens cut;
    private Report report;

    @BeforeAll
    static void key() throws JOSEException {
        key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
    }

    @BeforeEach
    void provider() {
        cut = new BuiltinEmbedTokens();
        cut.signer = new FakeSigner();
        cut.issuer = ISSUER;
        report = new Report("tenant-uuid", "sales.q4", "Sales Q4", ReportProvider.BUILTIN, NOW);
    }

    @Test
    void claimsNameIssuerTenantReportAndEmbedUse() throws Exception {
        EmbedToken token = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(60), NOW);
        SignedJWT jwt = SignedJWT.parse(token.token());
        assertTrue(jwt.verify(new ECDSAVerifier(key.toPublicJWK())));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(null, claims.getSubject(), "no row-level security: the token names nobody, all viewers share it");
        assertEquals(List.of("tokenkeeper-embed"), claims.getAudience());
        assertEquals("acme", claims.getStringClaim("tenant"));
        assertEquals("sales.q4", claims.getStringClaim("rid"));
        assertEquals("embed", claims.getStringClaim("token_use"));
        assertEquals(token.tokenId(), claims.getJWTID());
        UUID.fromString(token.tokenId());
        assertEquals(null, claims.getClaim("groups"), "no roles: an embed token opens no role-protected route");
    }

    @Test
    void lifetimeRunsFromIssueInWholeSecondsAndMatchesTheAnsweredExpiration() throws Exception {
        EmbedToken token = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(15), NOW);
        JWTClaimsSet claims = SignedJWT.parse(token.token()).getJWTClaimsSet();
        assertEquals(Instant.parse("2026-11-25T11:00:00Z"), claims.getIssueTime().toInstant());
        assertEquals(Instant.parse("2026-11-25T11:15:00Z"), claims.getExpirationTime().toInstant());
        assertEquals(claims.getExpirationTime().toInstant(), token.expiration());
    }

    @Test
    void answerCarriesReportIdAndEmbedUrlUnderTheIssuer() {
        cut.issuer = ISSUER + "/";
        EmbedToken token = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(60), NOW);
        assertEquals("sales.q4", token.reportId());
        assertEquals("https://tokens.example/embed/reports/sales.q4", token.embedUrl());
    }

    @Test
    void everyTokenHasItsOwnId() {
        EmbedToken first = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(60), NOW);
        EmbedToken second = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(60), NOW);
        assertNotEquals(first.tokenId(), second.tokenId());
    }

    @Test
    void effectiveIdentityBecomesTheSubject() throws Exception {
        EmbedToken token = cut.mint(report, "acme", Optional.of(new EffectiveIdentity("ada", List.of("Sales"))), Duration.ofMinutes(60), NOW);
        assertEquals("ada", SignedJWT.parse(token.token()).getJWTClaimsSet().getSubject());
    }

    @Test
    void toStringNeverShowsTheToken() {
        EmbedToken token = cut.mint(report, "acme", Optional.empty(), Duration.ofMinutes(60), NOW);
        assertTrue(!token.toString().contains(token.token()));
    }

    /** Signs as the server would (ES256 with a kid) but with a key of the test's own. */
    private static final class FakeSigner extends TokenSigner {
        @Override
        public String sign(JWTClaimsSet claims) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
                jwt.sign(new ECDSASigner(key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
