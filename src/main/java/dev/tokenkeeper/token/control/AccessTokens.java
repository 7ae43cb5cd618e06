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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Published keys are a handful at a time (the active one and those still verifying). */
    private static final int MAX_VERIFIERS = 32;
    /** Verified tokens kept at most (about 2 KB each). */
    private static final int MAX_VERIFIED = 4096;

    @Inject
    SigningKeys keys;

    private final Map<String, KeyVerifier> verifiers = new ConcurrentHashMap<>();
    /** Tokens whose signature was checked, see {@link #remember}. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

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
        Verified known = verified.get(token);
        if (known != null && known.key().equals(keys.publishedKey(known.key().getKeyID()).orElse(null))) {
            return Optional.of(known.claims()); // the same bytes were checked against this very key
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<JWK> key = keys.publishedKey(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(verifier(key.get()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer.equals(claims.getIssuer())) {
                return Optional.empty();
            }
            remember(token, new Verified(key.get(), claims));
            return Optional.of(claims);
        } catch (ParseException | JOSEException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * Keeps a verified token so that its signature is checked once, not on every use: a lobby TV
     * says hello with the same token after every reconnect, and an ES256 check is most of a hello's
     * CPU. Only the exact same string hits, and only while the key that verified it is still
     * published with the same value (the keys are reloaded every 10 s as new objects: equal, not same); expiry stays the caller's rule, checked on every use. Bounded: when full, it
     * starts over (a token missing from it is simply checked again).
     */
    private void remember(String token, Verified result) {
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.put(token, result);
    }

    private record Verified(JWK key, JWTClaimsSet claims) {
    }

    /**
     * The verifier of a published key, built once per key: building one converts the JWK to a JCA key,
     * which cost as much as the check itself on every viewer hello. A key that changed under the same
     * kid (compared by value: the reload every 10 s brings new, equal objects) gets a new verifier.
     */
    private ECDSAVerifier verifier(JWK key) throws JOSEException {
        KeyVerifier known = verifiers.get(key.getKeyID());
        if (known != null && known.key().equals(key)) {
            return known.verifier();
        }
        ECDSAVerifier built = new ECDSAVerifier((ECKey) key);
        if (verifiers.size() > MAX_VERIFIERS) {
            verifiers.clear(); // keys retire over time: never let retired ones pile up
        }
        verifiers.put(key.getKeyID(), new KeyVerifier(key, built));
        return built;
    }

    private record KeyVerifier(JWK key, ECDSAVerifier verifier) {
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
