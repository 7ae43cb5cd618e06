package dev.tokenkeeper.demo.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * A stand-in identity provider for the demo tenant: an ES256 key pair the service generated, whose
 * public half the tenant trusts like any customer's provider. It signs short subject tokens that the
 * real RFC 8693 exchange then verifies, so the demo goes through the same checks as production.
 */
@ApplicationScoped
public class DemoIdentityProvider {

    /** A URN, not a URL: nothing is ever fetched from it, and it cannot be mistaken for a real provider. */
    public static final String ISSUER = "urn:tokenkeeper:demo-idp";
    /** Long enough for the exchange that follows at once, short enough to be useless if it leaked. */
    static final Duration SUBJECT_TOKEN_LIFETIME = Duration.ofMinutes(2);

    public ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("demo-idp-" + UUID.randomUUID().toString().substring(0, 8))
                    .algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate the demo identity provider's key", e);
        }
    }

    /** The JWK set the demo tenant trusts: public parts only. */
    public String publicJwks(ECKey key) {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public ECKey parse(String privateJwk) {
        try {
            return ECKey.parse(privateJwk);
        } catch (ParseException e) {
            throw new IllegalStateException("The demo identity provider's stored key is unreadable", e);
        }
    }

    /** A subject token for {@code user}, addressed to the app that will exchange it (RFC 8693 §2.1 subject_token). */
    public String subjectToken(ECKey key, String user, String audience, Instant now) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(SUBJECT_TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a demo subject token", e);
        }
    }
}
