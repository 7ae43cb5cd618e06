package dev.tokenkeeper.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Access tokens are JWTs signed with the active key: our own protected routes check them
 * (token.boundary.BearerTokens: signature, issuer, expiry, roles from {@code groups}), and any
 * resource server can verify them through the JWKS ({@code upn} and {@code groups} keep them in the
 * shape MicroProfile JWT verifiers expect). {@code tenant} scopes every admin route; {@code fid} ties a user token to its refresh
 * family so that revoking the family makes introspection answer {@code active: false}.
 */
@ApplicationScoped
public class AccessTokens implements AccessTokenIssuer {

    public static final String USER_GROUP = "user";

    @Inject
    SigningKeys keys;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String issuer;

    @Override
    public String issueUserToken(App app, Tenant tenant, String subject, String familyId, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = base(app, tenant, subject, issuedAt, expiresAt)
                .claim("groups", List.of(USER_GROUP))
                .claim("fid", familyId)
                .claim("scope", "")
                .build();
        return sign(claims);
    }

    public String issueAppToken(App app, Tenant tenant, Set<String> roles, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = base(app, tenant, app.clientId(), issuedAt, expiresAt)
                .claim("groups", List.copyOf(roles))
                .claim("scope", String.join(" ", roles))
                .build();
        return sign(claims);
    }

    /** The claims of a token we signed with a still-published key; empty when it is not ours or was altered. Expiry is the caller's rule. */
    public Optional<JWTClaimsSet> verifiedClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<JWK> key = keys.publishedKey(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(new ECDSAVerifier((ECKey) key.get()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return issuer.equals(claims.getIssuer()) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private JWTClaimsSet.Builder base(App app, Tenant tenant, String subject, Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(app.clientId())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("upn", subject)
                .claim("client_id", app.clientId())
                .claim("tenant", tenant.slug());
    }

    public String sign(JWTClaimsSet claims) {
        SigningKeys.ActiveKey key = keys.active();
        // typ JWT rather than RFC 9068's at+jwt: resource servers using MicroProfile JWT check for "JWT".
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing an access token failed", e);
        }
        return jwt.serialize();
    }
}
