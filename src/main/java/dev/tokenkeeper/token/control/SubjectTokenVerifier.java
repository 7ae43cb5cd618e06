package dev.tokenkeeper.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies the subject token of an RFC 8693 token exchange against the tenant's trusted identity
 * provider: signature by one of its keys, its issuer, unexpired, and an audience naming us (our
 * issuer) or the requesting app. Time comes from the injected clock, with a small allowed skew.
 */
@ApplicationScoped
public class SubjectTokenVerifier {

    static final Duration ALLOWED_SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String ourIssuer;

    /** Key sources per identity-provider configuration; remote ones cache and refresh their keys themselves. */
    private final Map<String, JWKSource<SecurityContext>> keySources = new ConcurrentHashMap<>();

    /** @return the verified {@code sub}, which becomes the user of the new token family */
    public String verifiedSubject(Tenant tenant, App app, String subjectToken) {
        if (!tenant.hasIdentityProvider()) {
            throw OAuthException.invalidRequest("Tenant '" + tenant.slug()
                    + "' has no trusted identity provider, so it cannot exchange subject tokens: configure one first");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED, keySource(tenant)));
        processor.setJWTClaimsSetVerifier(claimsVerifier(tenant, app));
        try {
            return processor.process(subjectToken, null).getSubject();
        } catch (ParseException e) {
            // RFC 8693 §2.2.2: an invalid subject_token is answered with invalid_request.
            throw OAuthException.invalidRequest("subject_token is not a JWT: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw OAuthException.invalidRequest("subject_token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw OAuthException.unavailable("The identity provider's keys could not be read; retry shortly", 5);
        }
    }

    private JWTClaimsSetVerifier<SecurityContext> claimsVerifier(Tenant tenant, App app) {
        return (claims, context) -> {
            Instant now = clock.instant();
            if (!tenant.idpIssuer().equals(claims.getIssuer())) {
                throw new BadJWTClaimException("its issuer is '" + claims.getIssuer() + "', expected the tenant's identity provider '"
                        + tenant.idpIssuer() + "'");
            }
            if (claims.getExpirationTime() == null) {
                throw new BadJWTClaimException("it has no exp claim");
            }
            if (claims.getExpirationTime().toInstant().plus(ALLOWED_SKEW).isBefore(now)) {
                throw new BadJWTClaimException("it expired at " + claims.getExpirationTime().toInstant());
            }
            if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(ALLOWED_SKEW).isAfter(now)) {
                throw new BadJWTClaimException("it is not valid before " + claims.getNotBeforeTime().toInstant());
            }
            List<String> audience = claims.getAudience();
            if (audience == null || !(audience.contains(ourIssuer) || audience.contains(app.clientId()))) {
                throw new BadJWTClaimException("its audience " + audience + " names neither this server (" + ourIssuer
                        + ") nor the client " + app.clientId());
            }
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank() || subject.length() > 255) {
                throw new BadJWTClaimException("it has no usable sub claim (1 to 255 characters)");
            }
        };
    }

    private JWKSource<SecurityContext> keySource(Tenant tenant) {
        String cacheKey = tenant.id() + "|" + tenant.idpIssuer() + "|" + (tenant.idpJwks() != null ? tenant.idpJwks() : tenant.idpJwksUri());
        return keySources.computeIfAbsent(cacheKey, ignored -> {
            if (tenant.idpJwks() != null) {
                try {
                    return new ImmutableJWKSet<>(JWKSet.parse(tenant.idpJwks()));
                } catch (ParseException e) {
                    throw new IllegalStateException("Tenant " + tenant.slug() + " has an unreadable JWK set", e);
                }
            }
            try {
                return JWKSourceBuilder.create(URI.create(tenant.idpJwksUri()).toURL()).retrying(true).build();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Tenant " + tenant.slug() + " has an unusable jwksUri", e);
            }
        });
    }

    /** A claim check failure, with a message that says what was wrong with the token. */
    static final class BadJWTClaimException extends com.nimbusds.jwt.proc.BadJWTException {
        private static final long serialVersionUID = 1L;

        BadJWTClaimException(String message) {
            super(message);
        }
    }
}
