package dev.tokenkeeper.demo.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Pkce;
import dev.tokenkeeper.security.control.Sealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;

/**
 * THE DEMO'S OWN OpenID Connect provider, so that the demo tenant's web and device sign-ins work on
 * first start without a real provider. It vouches for any name typed into its form: never trust it
 * for anything but the demo. It has one client, Tokenkeeper itself ({@link #CLIENT_ID}, its secret
 * derived from the pepper), accepts only Tokenkeeper's own callback as redirect URI, requires PKCE
 * S256, and signs id_tokens with the demo identity provider's ES256 key.
 *
 * <p>Its codes are stateless: the code itself is the sealed grant (AES-GCM under a pepper-derived
 * key), valid for {@link #CODE_LIFETIME}, so any node can redeem it. Unlike a real provider's codes
 * they are not single use within that minute; the PKCE verifier, known only to the relying party,
 * still binds each code to the sign-in that asked for it.
 */
@ApplicationScoped
public class DemoOidcProvider {

    public static final String CLIENT_ID = "tokenkeeper-demo";
    public static final String PATH = "demo-idp";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(5);

    @Inject
    Pepper pepper;

    @Inject
    Sealer sealer;

    @Inject
    DemoProvisioning provisioning;

    @Inject
    Clock clock;

    public String clientSecret() {
        return clientSecret(pepper);
    }

    /** Derived, not stored: every node knows it, and it changes with the pepper. */
    public static String clientSecret(Pepper pepper) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Pepper.hmac(pepper.keyFor("demo-idp-client-secret"), CLIENT_ID.getBytes(StandardCharsets.UTF_8)));
    }

    /** OpenID Connect Discovery §3, for the issuer {@code base + "/demo-idp"}. */
    public JsonObject discovery(String issuer) {
        return JsonBuilders.object()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize")
                .add("token_endpoint", issuer + "/token")
                .add("jwks_uri", issuer + "/jwks")
                .add("response_types_supported", JsonBuilders.array().add("code"))
                .add("subject_types_supported", JsonBuilders.array().add("public"))
                .add("id_token_signing_alg_values_supported", JsonBuilders.array().add("ES256"))
                .add("code_challenge_methods_supported", JsonBuilders.array().add(Pkce.S256))
                .add("token_endpoint_auth_methods_supported", JsonBuilders.array().add("client_secret_basic").add("client_secret_post"))
                .add("scopes_supported", JsonBuilders.array().add("openid"))
                .build();
    }

    public String jwks() {
        return new JWKSet(key().toPublicJWK()).toString();
    }

    /** @return what is wrong with an authorization request, or empty; a non-empty answer is shown, never redirected to */
    public Optional<String> authorizeProblem(Map<String, String> request, String expectedRedirectUri) {
        if (!CLIENT_ID.equals(request.get("client_id"))) {
            return Optional.of("unknown client_id: this demo provider serves only Tokenkeeper (" + CLIENT_ID + ")");
        }
        if (!expectedRedirectUri.equals(request.get("redirect_uri"))) {
            return Optional.of("redirect_uri must be " + expectedRedirectUri);
        }
        if (!"code".equals(request.get("response_type"))) {
            return Optional.of("response_type must be code");
        }
        if (!Pkce.S256.equals(request.get("code_challenge_method")) || request.get("code_challenge") == null) {
            return Optional.of("PKCE S256 is required");
        }
        return Optional.empty();
    }

    /** The code for {@code name}, after the form was sent: the sealed grant. */
    public String code(String name, Map<String, String> request) {
        String grant = JsonBuilders.object()
                .add("sub", name)
                .add("nonce", request.getOrDefault("nonce", ""))
                .add("redirect_uri", request.get("redirect_uri"))
                .add("code_challenge", request.get("code_challenge"))
                .add("exp", clock.instant().plus(CODE_LIFETIME).toEpochMilli())
                .build().toString();
        return sealer.seal(codeKey(), grant.getBytes(StandardCharsets.UTF_8), CLIENT_ID.getBytes(StandardCharsets.UTF_8))
                .replace('+', '-').replace('/', '_').replace("=", "");
    }

    /**
     * The token endpoint: client authenticated, code opened and checked (unexpired, same redirect URI,
     * PKCE), an id_token signed for {@code issuer}.
     *
     * @return the token response, or an RFC 6749 §5.2 error code as {@code error}
     */
    public JsonObject token(String clientId, String clientSecret, Map<String, String> form, String issuer) {
        if (!CLIENT_ID.equals(clientId) || clientSecret == null
                || !MessageDigest.isEqual(clientSecret.getBytes(StandardCharsets.UTF_8), clientSecret().getBytes(StandardCharsets.UTF_8))) {
            return error("invalid_client");
        }
        if (!"authorization_code".equals(form.get("grant_type")) || form.get("code") == null) {
            return error("unsupported_grant_type");
        }
        JsonObject grant;
        try {
            String code = form.get("code").replace('-', '+').replace('_', '/');
            code += "=".repeat((4 - code.length() % 4) % 4);
            grant = JsonBuilders.parseObject(new String(sealer.open(codeKey(), code, CLIENT_ID.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        } catch (AEADBadTagException | RuntimeException e) {
            return error("invalid_grant");
        }
        Instant now = clock.instant();
        if (now.toEpochMilli() >= grant.getJsonNumber("exp").longValue()
                || !grant.getString("redirect_uri").equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null || !Pkce.matches(form.get("code_verifier"), grant.getString("code_challenge"))) {
            return error("invalid_grant");
        }
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.getString("sub"))
                .audience(CLIENT_ID)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ID_TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("name", grant.getString("sub"));
        if (!grant.getString("nonce").isEmpty()) {
            claims.claim("nonce", grant.getString("nonce"));
        }
        ECKey key = key();
        try {
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims.build());
            idToken.sign(new ECDSASigner(key));
            return JsonBuilders.object()
                    .add("access_token", UUID.randomUUID().toString())
                    .add("token_type", "Bearer")
                    .add("expires_in", ID_TOKEN_LIFETIME.toSeconds())
                    .add("id_token", idToken.serialize())
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a demo id_token", e);
        }
    }

    private ECKey key() {
        return provisioning.credentials().orElseThrow(() -> new IllegalStateException("The demo is not set up yet")).idpKey();
    }

    private byte[] codeKey() {
        return pepper.keyFor("demo-idp-code");
    }

    private static JsonObject error(String code) {
        return JsonBuilders.object().add("error", code).build();
    }
}
