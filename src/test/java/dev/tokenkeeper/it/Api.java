package dev.tokenkeeper.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A black-box client of a running Tokenkeeper, as an app developer or admin would use it: plain
 * HTTP, the credentials from the environment the test server was started with, and a fake
 * identity provider (an RSA key whose public half a tenant trusts) that signs subject tokens.
 */
final class Api {

    static final String PLATFORM_CLIENT_ID = env("TOKENKEEPER_BOOTSTRAP_CLIENT_ID", "Tk1.platform-it");
    static final String PLATFORM_SECRET = env("TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET", "tks_platform_integration_test_secret_0001");
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    final String base;
    // HTTP/1.1: the JDK client otherwise tries an h2c upgrade, and Grizzly's GOAWAY under a burst
    // of concurrent requests failed the rate-limit test now and then (a client quirk, not ours)
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    Api(URL deployment) {
        String url = deployment.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                JsonStructure structure = reader.read();
                return structure.asJsonObject();
            } catch (RuntimeException e) {
                throw new AssertionError("Not a JSON object (HTTP " + status + "): " + body, e);
            }
        }

        JsonArray jsonArray() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }

        Map<String, String> form() {
            return java.util.Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2))
                    .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "",
                            (a, b) -> a, LinkedHashMap::new));
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String error() {
            return json().getString("error", null);
        }

        String reason() {
            return json().getString("error_reason", null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    /** An identity provider the tests control: tenants trust its public key. */
    static final class IdentityProvider {
        final String issuer = "https://idp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        final RSAKey key;

        IdentityProvider() {
            try {
                key = new RSAKeyGenerator(2048).keyID("idp-" + UUID.randomUUID().toString().substring(0, 6)).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        String publicJwks() {
            return new JWKSet(key.toPublicJWK()).toString();
        }

        String token(String subject, String audience, Instant expiresAt) {
            return token(new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                    .issueTime(new Date()).expirationTime(Date.from(expiresAt)).build(), key);
        }

        static String token(JWTClaimsSet claims, RSAKey signingKey) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
                jwt.sign(new RSASSASigner(signingKey));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A tenant with its identity provider and one app, ready for token exchange. */
    record TenantFixture(String slug, IdentityProvider idp, String clientId, String secret, String adminToken) {
        String subjectToken(String user) {
            return idp.token(user, clientId, Instant.now().plusSeconds(300));
        }
    }

    // ---- requests ---------------------------------------------------------------------------

    Reply get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    Reply postJson(String path, String bearer, String json) {
        return sendJson("POST", path, bearer, json);
    }

    Reply sendJson(String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    Reply postForm(String path, Map<String, String> form, String accept) {
        return postForm(path, form, accept, null);
    }

    Reply postForm(String path, Map<String, String> form, String accept, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            IssuedSecrets.recordFrom(response.body()); // for LogHygieneIT: no log line may ever contain one of them
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- operating it ------------------------------------------------------------------------

    /** The server's root (Payara's own routes, /metrics and /openapi, are not under the deployment's context root). */
    String root() {
        int path = base.indexOf('/', "http://".length());
        return path < 0 ? base : base.substring(0, path); // a node of the runnable jar serves at its root
    }

    /** One scrape of {@code /metrics}. */
    Scrape metrics() {
        Reply reply = send(HttpRequest.newBuilder(URI.create(root() + "/metrics")).GET().build());
        if (reply.status() != 200) {
            throw new AssertionError("Expected metrics, got " + reply);
        }
        return new Scrape(reply.body());
    }

    // ---- the token endpoint ----------------------------------------------------------------

    Reply token(Map<String, String> form) {
        return postForm("/login/oauth/access_token", form, "application/json");
    }

    JsonObject tokenOk(Map<String, String> form) {
        Reply reply = token(form);
        if (reply.status() != 200) {
            throw new AssertionError("Expected a token, got " + reply);
        }
        return reply.json();
    }

    String platformToken() {
        return tokenOk(Map.of("grant_type", "client_credentials", "client_id", PLATFORM_CLIENT_ID,
                "client_secret", PLATFORM_SECRET)).getString("access_token");
    }

    Reply exchange(TenantFixture tenant, String subjectToken) {
        return token(Map.of("grant_type", TOKEN_EXCHANGE, "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "subject_token", subjectToken, "subject_token_type", JWT_TYPE));
    }

    JsonObject signIn(TenantFixture tenant, String user) {
        Reply reply = exchange(tenant, tenant.subjectToken(user));
        if (reply.status() != 200) {
            throw new AssertionError("Token exchange failed: " + reply);
        }
        return reply.json();
    }

    Reply refresh(TenantFixture tenant, String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "refresh_token", refreshToken));
    }

    /** Sends the same refresh request {@code racers} times at once and waits for every answer. */
    List<Reply> raceRefresh(TenantFixture tenant, String refreshToken, int racers) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/login/oauth/access_token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(Map.of("grant_type", "refresh_token", "client_id", tenant.clientId(),
                        "client_secret", tenant.secret(), "refresh_token", refreshToken))))
                .timeout(Duration.ofSeconds(60)).build();
        List<CompletableFuture<Reply>> pending = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            pending.add(CompletableFuture.supplyAsync(() -> send(request)));
        }
        List<Reply> replies = new ArrayList<>();
        for (CompletableFuture<Reply> racer : pending) {
            replies.add(racer.get(90, TimeUnit.SECONDS));
        }
        return replies;
    }

    void resetClock() {
        moveClock("reset=true");
    }

    void advanceClock(long seconds) {
        moveClock("advanceSeconds=" + seconds);
    }

    private void moveClock(String query) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(base + "/test-support/clock?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (reply.status() != 204) {
            throw new AssertionError("Could not move the server clock: " + reply);
        }
    }

    // ---- fixtures ------------------------------------------------------------------------------

    /** A new tenant (unique slug) trusting a new identity provider, with one app and an admin app. */
    TenantFixture newTenant(String prefix, boolean expiringUserTokens) {
        return newTenant(prefix, "{\"name\":\"app\",\"expiringUserTokens\":" + expiringUserTokens + "}");
    }

    TenantFixture newTenant(String prefix, String appJson) {
        String platform = platformToken();
        IdentityProvider idp = new IdentityProvider();
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply tenant = postJson("/api/tenants", platform, "{\"slug\":\"" + slug + "\",\"name\":\"" + prefix + "\","
                + "\"identityProvider\":{\"issuer\":\"" + idp.issuer + "\",\"jwks\":" + idp.publicJwks() + "}}");
        if (tenant.status() != 201) {
            throw new AssertionError("Could not create tenant: " + tenant);
        }
        JsonObject app = created(postJson("/api/tenants/" + slug + "/apps", platform, appJson));
        JsonObject admin = created(postJson("/api/tenants/" + slug + "/apps", platform, "{\"name\":\"admin\",\"roles\":[\"admin\"]}"));
        String adminToken = tokenOk(Map.of("grant_type", "client_credentials", "client_id", admin.getString("client_id"),
                "client_secret", admin.getString("client_secret"))).getString("access_token");
        return new TenantFixture(slug, idp, app.getString("client_id"), app.getString("client_secret"), adminToken);
    }

    private static JsonObject created(Reply reply) {
        if (reply.status() != 201) {
            throw new AssertionError("Expected 201, got " + reply);
        }
        return reply.json();
    }

    static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
