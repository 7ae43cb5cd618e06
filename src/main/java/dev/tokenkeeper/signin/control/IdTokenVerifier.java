package dev.tokenkeeper.signin.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * OpenID Connect Core §3.1.3.7: the id_token from the provider's token endpoint is signed by one of
 * the provider's keys (asymmetric algorithms only), names the provider as {@code iss}, names our
 * client id in {@code aud} (and in {@code azp} when there are several audiences), is unexpired by the
 * injected clock (with a small skew), and carries the nonce we sent. Its {@code sub} becomes the user.
 */
public class IdTokenVerifier {

    static final Duration ALLOWED_SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final Clock clock;

    public IdTokenVerifier(Clock clock) {
        this.clock = clock;
    }

    /** @return the verified {@code sub} */
    public String verifiedSubject(String idToken, JWKSource<SecurityContext> keys, String issuer, String clientId, String nonce) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> check(claims, issuer, clientId, nonce));
        try {
            return processor.process(idToken, null).getSubject();
        } catch (ParseException e) {
            throw new SignInFailedException("The provider's id_token is not a JWT: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new SignInFailedException("The provider's id_token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new SignInFailedException("The provider's signing keys could not be read: " + e.getMessage(), e);
        }
    }

    private void check(JWTClaimsSet claims, String issuer, String clientId, String nonce) throws BadJWTException {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("its iss is '" + claims.getIssuer() + "', expected '" + issuer + "'");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new BadJWTException("its aud " + audience + " does not name our client id " + clientId);
        }
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && !clientId.equals(azp)) {
            throw new BadJWTException("it has several audiences and its azp is not our client id");
        }
        if (claims.getExpirationTime() == null) {
            throw new BadJWTException("it has no exp");
        }
        if (!claims.getExpirationTime().toInstant().plus(ALLOWED_SKEW).isAfter(now)) {
            throw new BadJWTException("it expired at " + claims.getExpirationTime().toInstant());
        }
        if (claims.getIssueTime() == null) {
            throw new BadJWTException("it has no iat");
        }
        if (claims.getIssueTime().toInstant().minus(ALLOWED_SKEW).isAfter(now)) {
            throw new BadJWTException("it was issued in the future (" + claims.getIssueTime().toInstant() + ")");
        }
        Object presented = claims.getClaim("nonce");
        if (!(presented instanceof String value)
                || !MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
            throw new BadJWTException("its nonce is not the one of this sign-in (a replayed or injected id_token)");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw new BadJWTException("it has no usable sub (1 to 255 characters)");
        }
    }
}
