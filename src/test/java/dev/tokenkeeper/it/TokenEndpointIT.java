package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP contract of the token endpoint and everything around it, black-box, on PostgreSQL
 * (grace window 10 s). One deployment for all of it: a Payara Micro boot costs ~15 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenEndpointIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(deploymentUrl);
        api.resetClock();
    }

    // ---- metadata and keys ------------------------------------------------------------------

    @Test
    void metadataNamesIssuerEndpointsAndGrants() {
        Reply reply = api.get("/.well-known/oauth-authorization-server", null);
        assertEquals(200, reply.status());
        JsonObject metadata = reply.json();
        String issuer = metadata.getString("issuer");
        assertEquals(issuer + "/login/oauth/access_token", metadata.getString("token_endpoint"));
        assertEquals(issuer + "/oauth/jwks", metadata.getString("jwks_uri"));
        assertEquals(issuer + "/oauth/revoke", metadata.getString("revocation_endpoint"));
        assertEquals(issuer + "/oauth/introspect", metadata.getString("introspection_endpoint"));
        assertTrue(metadata.getJsonArray("grant_types_supported").toString().contains("urn:ietf:params:oauth:grant-type:token-exchange"));
    }

    /** The metadata as HTTP: JSON, cacheable for five minutes, HEAD and OPTIONS, and the service's JSON 405 for the rest. */
    @Test
    void metadataIsACacheableJsonDocumentThatOnlyGetReads() {
        String path = "/.well-known/oauth-authorization-server";
        Reply get = api.get(path, null);
        assertEquals("application/json", get.header("Content-Type"));
        assertEquals("no-transform, max-age=300", get.header("Cache-Control"));
        assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length), get.header("Content-Length"));

        Reply head = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(get.header("Content-Length"), head.header("Content-Length"));

        Reply options = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(options.status() == 200 || options.status() == 204, options.toString());
        assertTrue(options.header("Allow").contains("GET"), options.header("Allow"));

        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            Reply refused = api.send(HttpRequest.newBuilder(URI.create(api.base + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
            assertEquals(405, refused.status(), method + ": " + refused);
            assertEquals("method_not_allowed", refused.json().getString("error"), method + ": " + refused);
            assertTrue(refused.header("Allow").contains("GET"), method + ": " + refused.header("Allow"));
        }
    }

    @Test
    void accessTokenIsEs256JwtVerifiableThroughJwks() throws Exception {
        TenantFixture tenant = api.newTenant("jwks", true);
        JsonObject pair = api.signIn(tenant, "alice");
        SignedJWT jwt = SignedJWT.parse(pair.getString("access_token"));
        assertEquals("ES256", jwt.getHeader().getAlgorithm().getName());
        JWKSet keys = JWKSet.parse(api.get("/oauth/jwks", null).body());
        ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is published");
        assertFalse(key.isPrivate(), "only public keys are published");
        assertTrue(jwt.verify(new ECDSAVerifier(key)));
        assertEquals("alice", jwt.getJWTClaimsSet().getSubject());
        assertEquals(tenant.slug(), jwt.getJWTClaimsSet().getStringClaim("tenant"));
        assertEquals(tenant.clientId(), jwt.getJWTClaimsSet().getStringClaim("client_id"));
    }

    @Test
    void readinessReportsDatabaseAndSigningKey() {
        String root = api.base.substring(0, api.base.indexOf('/', "http://".length()));
        Reply ready = api.send(HttpRequest.newBuilder(URI.create(root + "/health/ready")).GET().build());
        assertEquals(200, ready.status(), ready.toString());
        assertTrue(ready.body().replace(" ", "").contains("\"signingKey\":\"loaded\""), ready.body());
    }

    // ---- token exchange ----------------------------------------------------------------------

    @Test
    void tokenExchangeAnswersFormByDefaultWithGitHubFields() {
        TenantFixture tenant = api.newTenant("form", true);
        Reply reply = api.postForm("/login/oauth/access_token", Map.of("grant_type", Api.TOKEN_EXCHANGE,
                "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "subject_token", tenant.subjectToken("bob"), "subject_token_type", Api.JWT_TYPE), null);
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals("no-store", reply.header("Cache-Control"));
        Map<String, String> form = reply.form();
        assertEquals("28800", form.get("expires_in"));
        assertEquals("15811200", form.get("refresh_token_expires_in"));
        assertEquals("bearer", form.get("token_type"));
        assertEquals("", form.get("scope"));
        assertTrue(form.get("refresh_token").startsWith("tkr_"));
    }

    @Test
    void tokenExchangeAcceptsJsonBodyAndAnswersJsonNumbers() {
        TenantFixture tenant = api.newTenant("json", true);
        Reply reply = api.postJson("/login/oauth/access_token", null, "{\"grant_type\":\"" + Api.TOKEN_EXCHANGE
                + "\",\"client_id\":\"" + tenant.clientId() + "\",\"client_secret\":\"" + tenant.secret()
                + "\",\"subject_token\":\"" + tenant.subjectToken("carol") + "\",\"subject_token_type\":\"" + Api.JWT_TYPE + "\"}");
        assertEquals(200, reply.status(), reply.toString());
        JsonObject json = reply.json();
        assertEquals(28800, json.getJsonNumber("expires_in").longValue());
        assertEquals(15811200, json.getJsonNumber("refresh_token_expires_in").longValue());
        assertEquals("bearer", json.getString("token_type"));
    }

    @Test
    void tokenExchangeAcceptsQueryParameters() {
        TenantFixture tenant = api.newTenant("query", true);
        String query = Api.encode(Map.of("grant_type", Api.TOKEN_EXCHANGE, "client_id", tenant.clientId(),
                "client_secret", tenant.secret(), "subject_token", tenant.subjectToken("dave"), "subject_token_type", Api.JWT_TYPE));
        Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base + "/login/oauth/access_token?" + query))
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.json().getString("refresh_token").startsWith("tkr_"));
    }

    @Test
    void subjectTokenSignedByAnotherKeyIsInvalidRequest() {
        TenantFixture tenant = api.newTenant("badsig", true);
        Api.IdentityProvider stranger = new Api.IdentityProvider();
        String forged = Api.IdentityProvider.token(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(tenant.idp().issuer)
                .subject("mallory").audience(tenant.clientId()).expirationTime(java.util.Date.from(Instant.now().plusSeconds(60))).build(),
                stranger.key);
        Reply reply = api.exchange(tenant, forged);
        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.error());
    }

    @Test
    void expiredSubjectTokenIsInvalidRequest() {
        TenantFixture tenant = api.newTenant("expsub", true);
        Reply reply = api.exchange(tenant, tenant.idp().token("erin", tenant.clientId(), Instant.now().minusSeconds(3600)));
        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.error());
        assertTrue(reply.json().getString("error_description").contains("expired"));
    }

    @Test
    void subjectTokenForAnotherAudienceIsInvalidRequest() {
        TenantFixture tenant = api.newTenant("aud", true);
        Reply reply = api.exchange(tenant, tenant.idp().token("frank", "someone-else", Instant.now().plusSeconds(60)));
        assertEquals(400, reply.status());
        assertTrue(reply.json().getString("error_description").contains("audience"));
    }

    @Test
    void wrongSubjectTokenTypeIsInvalidRequest() {
        TenantFixture tenant = api.newTenant("stt", true);
        Reply reply = api.token(Map.of("grant_type", Api.TOKEN_EXCHANGE, "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "subject_token", tenant.subjectToken("gina"), "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.error());
    }

    // ---- refresh ------------------------------------------------------------------------------

    @Test
    void refreshRotatesThePairAndSpendsTheOldToken() {
        TenantFixture tenant = api.newTenant("rotate", true);
        JsonObject first = api.signIn(tenant, "henry");
        Reply second = api.refresh(tenant, first.getString("refresh_token"));
        assertEquals(200, second.status(), second.toString());
        assertEquals("no-store", second.header("Cache-Control"));
        assertNotEquals(first.getString("refresh_token"), second.json().getString("refresh_token"));
        assertNotEquals(first.getString("access_token"), second.json().getString("access_token"));
        Reply third = api.refresh(tenant, second.json().getString("refresh_token"));
        assertEquals(200, third.status(), third.toString());
    }

    @Test
    void retryInsideGraceWindowAnswersTheSamePair() {
        TenantFixture tenant = api.newTenant("grace", true);
        String refresh = api.signIn(tenant, "ivy").getString("refresh_token");
        JsonObject first = api.refresh(tenant, refresh).json();
        Reply retry = api.refresh(tenant, refresh);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(first.getString("access_token"), retry.json().getString("access_token"));
        assertEquals(first.getString("refresh_token"), retry.json().getString("refresh_token"));
        assertEquals(200, api.refresh(tenant, first.getString("refresh_token")).status(), "the family stays alive");
    }

    @Test
    void spentRefreshTokenOutsideGraceRevokesFamily() {
        TenantFixture tenant = api.newTenant("reuse", true);
        String stolen = api.signIn(tenant, "jack").getString("refresh_token");
        String current = api.refresh(tenant, stolen).json().getString("refresh_token");
        api.advanceClock(11);
        Reply replay = api.refresh(tenant, stolen);
        assertEquals(400, replay.status());
        assertEquals("invalid_grant", replay.error());
        assertEquals("family_revoked", replay.reason());
        Reply victim = api.refresh(tenant, current);
        assertEquals("family_revoked", victim.reason(), "the newest token of the family is dead too");
        Reply audit = api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken());
        assertEquals(200, audit.status(), audit.toString());
        assertTrue(audit.body().contains("REFRESH_REUSED"), audit.body());
        assertFalse(audit.body().contains(stolen), "the audit log never holds a token");
    }

    @Test
    void reuseRevokesOnlyThatFamily() {
        TenantFixture tenant = api.newTenant("onlyone", true);
        String laptop = api.signIn(tenant, "kate").getString("refresh_token");
        String phone = api.signIn(tenant, "kate").getString("refresh_token");
        api.refresh(tenant, laptop);
        api.advanceClock(11);
        assertEquals("family_revoked", api.refresh(tenant, laptop).reason());
        assertEquals(200, api.refresh(tenant, phone).status(), "the user's other sign-in is untouched");
    }

    /** Issue 8: the family lives in one row that keeps only the last two hashes; an older token is still known as the family's. */
    @Test
    void anOldTokenOfAFamilyIsReuseEvenAfterManyRotations() {
        TenantFixture tenant = api.newTenant("oldtoken", true);
        String first = api.signIn(tenant, "owen").getString("refresh_token");
        assertEquals(84, first.length(), "the refresh token names its family: " + first.length() + " characters");
        String latest = first;
        for (int i = 0; i < 25; i++) {
            Reply rotated = api.refresh(tenant, latest);
            assertEquals(200, rotated.status(), rotated.toString());
            latest = rotated.json().getString("refresh_token");
        }
        assertEquals("family_revoked", api.refresh(tenant, first).reason(), "a token 25 generations old is reuse");
        assertEquals("family_revoked", api.refresh(tenant, latest).reason(), "and the family's live token dies with it");
    }

    /** A token that names a real family but was not issued by us (its tag does not verify) is unknown, and revokes nothing. */
    @Test
    void aForgedTokenNamingARealFamilyIsUnknownAndHarmless() {
        TenantFixture tenant = api.newTenant("forged", true);
        String live = api.signIn(tenant, "pia").getString("refresh_token");
        String body = live.substring(4, live.length() - 6);
        char flipped = body.charAt(60) == 'A' ? 'B' : 'A'; // inside the tag: family and generation stay
        String forgedBody = body.substring(0, 60) + flipped + body.substring(61);
        String forged = "tkr_" + forgedBody + checksum(forgedBody);
        assertEquals("unknown", api.refresh(tenant, forged).reason());
        assertEquals(200, api.refresh(tenant, live).status(), "the family is untouched");
    }

    private static String checksum(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = alphabet.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    @Test
    void expiredRefreshTokenIsInvalidGrantExpired() {
        TenantFixture tenant = api.newTenant("expired", "{\"name\":\"short\",\"accessTokenSeconds\":300,\"refreshTokenSeconds\":3600}");
        String refresh = api.signIn(tenant, "leo").getString("refresh_token");
        api.advanceClock(3601);
        Reply reply = api.refresh(tenant, refresh);
        assertEquals(400, reply.status());
        assertEquals("expired", reply.reason());
    }

    @Test
    void unknownAndMalformedRefreshTokensAreInvalidGrantUnknown() {
        TenantFixture tenant = api.newTenant("unknown", true);
        assertEquals("unknown", api.refresh(tenant, "tkr_not-a-real-token").reason());
        String other = api.signIn(api.newTenant("other", true), "mia").getString("refresh_token");
        assertEquals("unknown", api.refresh(tenant, other).reason(), "a token of another client is unknown to this one");
    }

    // ---- errors --------------------------------------------------------------------------------

    @Test
    void missingGrantTypeIsInvalidRequest() {
        Reply reply = api.token(Map.of("client_id", "x", "client_secret", "y"));
        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.error());
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() {
        TenantFixture tenant = api.newTenant("ugt", true);
        Reply reply = api.token(Map.of("grant_type", "password", "client_id", tenant.clientId(), "client_secret", tenant.secret()));
        assertEquals(400, reply.status());
        assertEquals("unsupported_grant_type", reply.error());
    }

    @Test
    void wrongSecretIsInvalidClient401() {
        TenantFixture tenant = api.newTenant("badsecret", true);
        Reply post = api.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(), "client_secret", "nope"));
        assertEquals(401, post.status());
        assertEquals("invalid_client", post.error());
        Reply basic = api.postForm("/login/oauth/access_token", Map.of("grant_type", "client_credentials"), "application/json",
                Api.basic(tenant.clientId(), "nope"));
        assertEquals(401, basic.status());
        assertTrue(basic.header("WWW-Authenticate").startsWith("Basic"));
    }

    @Test
    void basicClientAuthenticationWorks() {
        TenantFixture tenant = api.newTenant("basic", true);
        Reply reply = api.postForm("/login/oauth/access_token", Map.of("grant_type", "client_credentials"), "application/json",
                Api.basic(tenant.clientId(), tenant.secret()));
        assertEquals(200, reply.status(), reply.toString());
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base + "/login/oauth/access_token?grant_type=refresh_token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=a&client_secret=b")).build());
        assertEquals(400, reply.status());
        assertEquals("invalid_request", reply.error());
    }

    @Test
    void scopeOnUserGrantIsInvalidScope() {
        TenantFixture tenant = api.newTenant("scope", true);
        String refresh = api.signIn(tenant, "nina").getString("refresh_token");
        Reply reply = api.token(Map.of("grant_type", "refresh_token", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "refresh_token", refresh, "scope", "repo"));
        assertEquals(400, reply.status());
        assertEquals("invalid_scope", reply.error());
        assertEquals(200, api.refresh(tenant, refresh).status(), "a refused request spends nothing");
    }

    @Test
    void tooManyRequestsFromOneClientAre429WithRetryAfter() throws Exception {
        TenantFixture tenant = api.newTenant("ratelimit", true);
        List<CompletableFuture<Reply>> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> api.refresh(tenant, "tkr_invalid")));
        }
        int limited = 0;
        String retryAfter = null;
        for (CompletableFuture<Reply> request : burst) {
            Reply reply = request.get(60, TimeUnit.SECONDS);
            if (reply.status() == 429) {
                limited++;
                retryAfter = reply.header("Retry-After");
                assertEquals("rate_limited", reply.error());
            } else {
                assertEquals("unknown", reply.reason(), "below the limit the request is answered normally");
            }
        }
        assertTrue(limited > 0, "the per-client limit (burst 80, 10/s in this run) answered 429");
        assertNotNull(retryAfter);
        assertTrue(Long.parseLong(retryAfter) >= 1);
    }

    // ---- app tokens, introspection, revocation -------------------------------------------------

    @Test
    void clientCredentialsCarriesRolesAndRefusesWiderScope() throws Exception {
        TenantFixture tenant = api.newTenant("cc", true);
        Reply wider = api.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(), "client_secret", tenant.secret(),
                "scope", "admin"));
        assertEquals("invalid_scope", wider.error(), "an app without the admin role cannot ask for it");
        SignedJWT admin = SignedJWT.parse(tenant.adminToken());
        assertEquals(List.of("admin"), admin.getJWTClaimsSet().getStringListClaim("groups"));
    }

    @Test
    void introspectionAndRevocationOfARefreshToken() {
        TenantFixture tenant = api.newTenant("introspect", true);
        JsonObject pair = api.signIn(tenant, "oscar");
        String auth = Api.basic(tenant.clientId(), tenant.secret());
        JsonObject access = api.postForm("/oauth/introspect", Map.of("token", pair.getString("access_token")), null, auth).json();
        assertTrue(access.getBoolean("active"));
        assertEquals("oscar", access.getString("sub"));
        assertTrue(api.postForm("/oauth/introspect", Map.of("token", pair.getString("refresh_token")), null, auth).json().getBoolean("active"));

        Reply revoke = api.postForm("/oauth/revoke", Map.of("token", pair.getString("refresh_token")), null, auth);
        assertEquals(200, revoke.status());
        assertFalse(api.postForm("/oauth/introspect", Map.of("token", pair.getString("refresh_token")), null, auth).json().getBoolean("active"));
        assertFalse(api.postForm("/oauth/introspect", Map.of("token", pair.getString("access_token")), null, auth).json().getBoolean("active"),
                "the sign-in's access token dies with it");
        assertEquals("revoked", api.refresh(tenant, pair.getString("refresh_token")).reason());
    }

    @Test
    void revokingAnUnknownTokenIs200() {
        TenantFixture tenant = api.newTenant("revunk", true);
        Reply reply = api.postForm("/oauth/revoke", Map.of("token", "whatever"), null, Api.basic(tenant.clientId(), tenant.secret()));
        assertEquals(200, reply.status());
    }

    @Test
    void introspectionOfAnotherTenantsTokenIsInactive() {
        TenantFixture mine = api.newTenant("mine", true);
        TenantFixture theirs = api.newTenant("theirs", true);
        String foreign = api.signIn(theirs, "pia").getString("access_token");
        JsonObject answer = api.postForm("/oauth/introspect", Map.of("token", foreign), null, Api.basic(mine.clientId(), mine.secret())).json();
        assertFalse(answer.getBoolean("active"));
        assertEquals(1, answer.size(), "an inactive answer says nothing else");
    }

    @Test
    void gitHubCheckAndDeleteOfAToken() {
        TenantFixture tenant = api.newTenant("github", true);
        String access = api.signIn(tenant, "quinn").getString("access_token");
        String path = "/applications/" + tenant.clientId() + "/token";
        String auth = Api.basic(tenant.clientId(), tenant.secret());
        Reply check = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"access_token\":\"" + access + "\"}")).build());
        assertEquals(200, check.status(), check.toString());
        assertEquals("quinn", check.json().getJsonObject("user").getString("login"));
        assertEquals(tenant.clientId(), check.json().getJsonObject("app").getString("client_id"));
        Reply delete = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString("{\"access_token\":\"" + access + "\"}")).build());
        assertEquals(204, delete.status(), delete.toString());
        Reply after = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"access_token\":\"" + access + "\"}")).build());
        assertEquals(404, after.status());
    }

    @Test
    void gitHubMediaTypesAndLowerCaseBasicAreAccepted() {
        TenantFixture tenant = api.newTenant("ghmedia", true);
        String path = "/applications/" + tenant.clientId() + "/token";
        // octokit writes the scheme in lower case and asks for GitHub's media types
        String auth = Api.basic(tenant.clientId(), tenant.secret()).replaceFirst("^Basic", "basic");
        for (String accept : List.of("application/vnd.github+json", "application/vnd.github.v3+json")) {
            String access = api.signIn(tenant, "uma").getString("access_token");
            String body = "{\"access_token\":\"" + access + "\"}";
            Reply check = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", auth)
                    .header("Accept", accept).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(200, check.status(), accept + ": " + check);
            assertTrue(check.header("Content-Type").startsWith("application/json"), check.header("Content-Type"));
            assertEquals("uma", check.json().getJsonObject("user").getString("login"));
            Reply delete = api.send(HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", auth)
                    .header("Accept", accept).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(204, delete.status(), accept + ": " + delete);
        }
    }

    /** RFC 9110 §6.6.1: GitHub's clients compute expiry from Date; every route, success or error, must send it. */
    @Test
    void everyResponseCarriesAValidDateHeader() {
        TenantFixture tenant = api.newTenant("date", true);
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(URI.create(api.base + "/.well-known/oauth-authorization-server")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/oauth/jwks")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/login/oauth/access_token")).header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(URI.create(api.base + "/oauth/introspect")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(URI.create(api.base + "/applications/" + tenant.clientId() + "/token"))
                        .header("Accept", "application/vnd.github+json").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpRequest.newBuilder(URI.create(api.base + "/api/tenants/" + tenant.slug() + "/settings")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/api/tenants/" + tenant.slug() + "/settings"))
                        .header("Authorization", "Bearer " + tenant.adminToken()).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/no/such/route")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/demo/")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/js/tokenkeeper-viewer.js")).GET().build(),
                HttpRequest.newBuilder(URI.create(api.base + "/ws/viewer")).GET().build());
        // Payara's own routes (/health, /metrics) are outside the application: the shipped jar's are
        // checked in ClusterIT.theShippedJarSendsDateOnPayarasOwnRoutesToo
        for (HttpRequest request : requests) {
            Reply reply = api.send(request);
            String date = reply.header("Date");
            assertNotNull(date, request.method() + " " + request.uri() + " (HTTP " + reply.status() + ") has no Date header: " + reply.raw().headers().map());
            Instant sent = java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertTrue(date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), "IMF-fixdate: " + date);
            assertTrue(Duration.between(sent, Instant.now()).abs().getSeconds() < 60, "Date is the server's real clock: " + date);
        }
    }

    // ---- non-expiring apps ---------------------------------------------------------------------

    @Test
    void optedOutAppGetsOneNonExpiringTokenAndNoRefreshToken() {
        TenantFixture tenant = api.newTenant("noexp", false);
        JsonObject answer = api.signIn(tenant, "rita");
        assertTrue(answer.getString("access_token").startsWith("tko_"));
        assertFalse(answer.containsKey("refresh_token"));
        assertFalse(answer.containsKey("expires_in"));
        api.advanceClock(400 * 24 * 3600L);
        String auth = Api.basic(tenant.clientId(), tenant.secret());
        assertTrue(api.postForm("/oauth/introspect", Map.of("token", answer.getString("access_token")), null, auth).json().getBoolean("active"),
                "still active more than a year later");
    }

    @Test
    void turningExpiryOnKeepsOldTokensAndIssuesExpiringOnes() {
        TenantFixture tenant = api.newTenant("turnon", false);
        String old = api.signIn(tenant, "sam").getString("access_token");
        Reply patch = api.sendJson("PATCH", "/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken(),
                "{\"expiringUserTokens\":true}");
        assertEquals(200, patch.status(), patch.toString());
        JsonObject fresh = api.signIn(tenant, "sam");
        assertTrue(fresh.getString("refresh_token").startsWith("tkr_"));
        assertEquals(28800, fresh.getJsonNumber("expires_in").longValue());
        assertTrue(api.postForm("/oauth/introspect", Map.of("token", old), null, Api.basic(tenant.clientId(), tenant.secret()))
                .json().getBoolean("active"), "the old non-expiring token keeps working");
    }

    // ---- admin API and tenant isolation --------------------------------------------------------

    @Test
    void tenantAdminIsRefusedEverythingOfAnotherTenant() {
        TenantFixture mine = api.newTenant("iso-a", true);
        TenantFixture theirs = api.newTenant("iso-b", true);
        assertEquals(403, api.get("/api/tenants/" + theirs.slug(), mine.adminToken()).status());
        assertEquals(403, api.get("/api/tenants/" + theirs.slug() + "/apps", mine.adminToken()).status());
        assertEquals(403, api.postJson("/api/tenants/" + theirs.slug() + "/apps", mine.adminToken(), "{\"name\":\"x\"}").status());
        assertEquals(403, api.get("/api/tenants/" + theirs.slug() + "/audit", mine.adminToken()).status());
        assertEquals(403, api.get("/api/tenants/no-such-tenant", mine.adminToken()).status(), "no hint whether a tenant exists");
        assertEquals(200, api.get("/api/tenants/" + mine.slug() + "/apps", mine.adminToken()).status());
    }

    @Test
    void tenantAdminCannotCreateTenantsAndUsersCannotAdminister() {
        TenantFixture tenant = api.newTenant("roles", true);
        assertEquals(403, api.postJson("/api/tenants", tenant.adminToken(), "{}").status());
        String userToken = api.signIn(tenant, "tom").getString("access_token");
        assertEquals(403, api.get("/api/tenants/" + tenant.slug() + "/apps", userToken).status());
        assertEquals(401, api.get("/api/tenants/" + tenant.slug() + "/apps", null).status());
    }

    @Test
    void invalidTenantIsRefusedWithFieldMessagesAndNothingCreated() {
        String platform = api.platformToken();
        Reply reply = api.postJson("/api/tenants", platform, "{\"slug\":\"Bad Slug\",\"name\":\"\",\"identityProvider\":{\"issuer\":\"https://x\"}}");
        assertEquals(400, reply.status());
        JsonObject fields = reply.json().getJsonObject("fields");
        assertTrue(fields.containsKey("slug"), reply.body());
        assertTrue(fields.containsKey("name"), reply.body());
        Reply privateKey = api.postJson("/api/tenants", platform, "{\"slug\":\"privkey-test\",\"name\":\"n\",\"identityProvider\":{\"issuer\":\"https://x\",\"jwks\":"
                + new JWKSet(new Api.IdentityProvider().key).toString(false) + "}}");
        assertEquals(400, privateKey.status(), "a JWK set with a private key is refused");
        assertEquals(404, api.get("/api/tenants/privkey-test", platform).status());
    }

    @Test
    void duplicateTenantSlugIs409() {
        TenantFixture tenant = api.newTenant("dup", true);
        Reply reply = api.postJson("/api/tenants", api.platformToken(), "{\"slug\":\"" + tenant.slug()
                + "\",\"name\":\"n\",\"identityProvider\":{\"issuer\":\"https://x\",\"jwksUri\":\"https://x/jwks\"}}");
        assertEquals(409, reply.status());
    }

    @Test
    void secretRotationRetiresTheOldSecret() {
        TenantFixture tenant = api.newTenant("rotsecret", true);
        Reply rotated = api.postJson("/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId() + "/secret", tenant.adminToken(), "");
        assertEquals(200, rotated.status(), rotated.toString());
        String newSecret = rotated.json().getString("client_secret");
        assertEquals(401, api.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(), "client_secret", tenant.secret())).status());
        assertEquals(200, api.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(), "client_secret", newSecret)).status());
        assertTrue(api.get("/api/tenants/" + tenant.slug() + "/audit", tenant.adminToken()).body().contains("SECRET_ROTATED"));
        assertFalse(api.get("/api/tenants/" + tenant.slug() + "/apps/" + tenant.clientId(), tenant.adminToken()).body().contains("client_secret"),
                "a secret is shown once");
    }

    @Test
    void signingKeyRotationKeepsOldKeysPublished() throws Exception {
        TenantFixture tenant = api.newTenant("keys", true);
        String before = api.signIn(tenant, "uma").getString("access_token");
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        Reply rotated = api.postJson("/api/signing-keys/rotate", api.platformToken(), "");
        assertEquals(200, rotated.status(), rotated.toString());
        String newKid = rotated.json().getString("kid");
        assertNotEquals(oldKid, newKid);
        String after = api.signIn(tenant, "uma").getString("access_token");
        assertEquals(newKid, SignedJWT.parse(after).getHeader().getKeyID());
        JWKSet published = JWKSet.parse(api.get("/oauth/jwks", null).body());
        assertNotNull(published.getKeyByKeyId(oldKid), "the old key stays published while its tokens live");
        assertNotNull(published.getKeyByKeyId(newKid));
        String auth = Api.basic(tenant.clientId(), tenant.secret());
        assertTrue(api.postForm("/oauth/introspect", Map.of("token", before), null, auth).json().getBoolean("active"));
        // MP-JWT re-reads the published keys every 5 s (payara-mp-jwt.properties): a new admin token is accepted within that.
        String platformAfter = api.platformToken();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status;
        do {
            status = api.get("/api/tenants/" + tenant.slug(), platformAfter).status();
        } while (status != 200 && System.nanoTime() < deadline && pause());
        assertEquals(200, status, "a token signed with the new key is accepted by our own protected routes");
    }

    @Test
    void endedSignInsArePurgedAfterTheRetentionPeriod() throws Exception {
        TenantFixture tenant = api.newTenant("purge", true);
        String ended = api.signIn(tenant, "xavier").getString("refresh_token");
        String ongoing = api.signIn(tenant, "xavier").getString("refresh_token");
        api.refresh(tenant, ended);
        assertEquals(200, api.postForm("/oauth/revoke", Map.of("token", ended), null, Api.basic(tenant.clientId(), tenant.secret())).status());
        api.advanceClock(29 * 24 * 3600L);
        runHousekeeping();
        assertEquals(2, Database.familiesOfTenant(tenant.slug()), "kept during the retention period");
        api.advanceClock(2 * 24 * 3600L);
        runHousekeeping();
        assertEquals(1, Database.familiesOfTenant(tenant.slug()), "the revoked sign-in is gone, with its tokens");
        assertEquals("unknown", api.refresh(tenant, ended).reason());
        assertEquals(200, api.refresh(tenant, ongoing).status(), "the live sign-in is untouched");
    }

    private void runHousekeeping() {
        Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.base + "/test-support/housekeeping"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(204, reply.status(), reply.toString());
    }

    // ---- races -----------------------------------------------------------------------------------

    @Test
    void sixtyFourConcurrentRefreshesInsideGraceAllGetTheSamePair() throws Exception {
        TenantFixture tenant = api.newTenant("race", true);
        String refresh = api.signIn(tenant, "vera").getString("refresh_token");
        Set<String> pairs = new HashSet<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Reply reply : api.raceRefresh(tenant, refresh, 64)) {
            statuses.merge(reply.status(), 1, Integer::sum);
            if (reply.status() == 200) {
                pairs.add(reply.json().getString("access_token") + " " + reply.json().getString("refresh_token"));
            }
        }
        assertEquals(Map.of(200, 64), statuses, "every racer is answered");
        assertEquals(1, pairs.size(), "with the same pair");
        assertEquals(0, Database.familiesWithTwoLiveTokens(tenant.slug()));
        assertEquals(1, Database.liveTokensOfTenant(tenant.slug()));
    }

    @Test
    void revokeRacingRefreshNeverLeavesALiveToken() throws Exception {
        TenantFixture tenant = api.newTenant("revrace", true);
        String auth = Api.basic(tenant.clientId(), tenant.secret());
        for (int round = 0; round < 15; round++) {
            String refresh = api.signIn(tenant, "wes").getString("refresh_token");
            CompletableFuture<Reply> rotation = CompletableFuture.supplyAsync(() -> api.refresh(tenant, refresh));
            CompletableFuture<Reply> revocation = CompletableFuture.supplyAsync(
                    () -> api.postForm("/oauth/revoke", Map.of("token", refresh), null, auth));
            Reply rotated = rotation.get(30, TimeUnit.SECONDS);
            assertEquals(200, revocation.get(30, TimeUnit.SECONDS).status());
            if (rotated.status() == 200) {
                JsonObject pair = rotated.json();
                assertEquals("revoked", api.refresh(tenant, pair.getString("refresh_token")).reason(), "round " + round);
                assertFalse(api.postForm("/oauth/introspect", Map.of("token", pair.getString("access_token")), null, auth)
                        .json().getBoolean("active"), "round " + round);
            } else {
                assertEquals("invalid_grant", rotated.error(), rotated.toString());
            }
        }
        assertEquals(0, Database.liveTokensOfTenant(tenant.slug()), "nothing of a revoked sign-in lives on");
    }

    // ---- operating it: metrics and the OpenAPI document ----------------------------------------

    /** Issue 9 §4: a known workload, then /metrics shows exactly the counts it caused. */
    @Test
    void metricsCountTheGrantsReplaysRevocationsAndRefusalsOfAKnownWorkload() {
        TenantFixture tenant = api.newTenant("metrics", true);
        Scrape before = api.metrics();

        String first = api.signIn(tenant, "mia").getString("refresh_token"); // token_exchange issued
        String second = api.refresh(tenant, first).json().getString("refresh_token"); // rotation
        assertEquals(second, api.refresh(tenant, first).json().getString("refresh_token"), "grace retry: the same pair");
        api.refresh(tenant, second).json(); // rotation
        Reply reuse = api.refresh(tenant, first); // spent, its successor spent too: reuse revokes the family
        assertEquals("family_revoked", reuse.reason(), reuse.toString());
        Reply unknown = api.refresh(tenant, "tkr_" + "x".repeat(40));
        assertEquals("unknown", unknown.reason(), unknown.toString());
        // a client id of its own and no grant_type: refused invalid_request at once (no secret to check), until its bucket is empty, then 429
        String flooder = "metrics-flood-" + UUID.randomUUID();
        int refusedRequest = 0;
        int limited = 0;
        for (int i = 0; i < 200; i++) {
            Reply reply = api.token(Map.of("client_id", flooder));
            if (reply.status() == 429) {
                limited++;
            } else {
                assertEquals("invalid_request", reply.error(), reply.toString());
                refusedRequest++;
            }
        }
        assertTrue(limited > 0, "the burst of 80 was exceeded (" + refusedRequest + " answered)");

        Scrape after = api.metrics();
        assertEquals(1, before.delta(after, "tokenkeeper_grants_total", "grant_type", "token_exchange", "outcome", "issued"));
        assertEquals(3, before.delta(after, "tokenkeeper_grants_total", "grant_type", "refresh_token", "outcome", "issued"),
                "two rotations and one grace retry answered");
        assertEquals(1, before.delta(after, "tokenkeeper_grants_total", "grant_type", "refresh_token", "outcome", "refused",
                "error", "invalid_grant", "error_reason", "family_revoked"));
        assertEquals(1, before.delta(after, "tokenkeeper_grants_total", "grant_type", "refresh_token", "outcome", "refused",
                "error", "invalid_grant", "error_reason", "unknown"));
        assertEquals(refusedRequest, before.delta(after, "tokenkeeper_grants_total", "grant_type", "none",
                "outcome", "refused", "error", "invalid_request"));
        assertEquals(limited, before.delta(after, "tokenkeeper_rate_limited_total"));
        assertEquals(1, before.delta(after, "tokenkeeper_refresh_replays_total", "kind", "grace_retry"));
        assertEquals(1, before.delta(after, "tokenkeeper_refresh_replays_total", "kind", "reuse"));
        assertEquals(1, before.delta(after, "tokenkeeper_families_revoked_total", "reason", "reuse"));
        assertEquals(5, before.delta(after, "tokenkeeper_rotation_duration_seconds_count"), "every refresh_token grant is timed");
        assertTrue(after.has("tokenkeeper_embed_mints_total") && after.has("tokenkeeper_capacity_transitions_total")
                && after.has("tokenkeeper_viewer_round_size_count"), "every feature's metrics exist from the start");
    }

    /** The contract is described by /openapi only: Jersey's WADL, which listed every resource class, is off. */
    @Test
    void noWadlListsTheApplicationsResources() {
        Reply reply = api.get("/application.wadl", null);
        assertEquals(404, reply.status(), reply.toString());
        assertFalse(reply.body().contains("<application"), reply.toString());
    }

    /** Issue 9 §4: /openapi parses, names every public route of the README's table with its methods, and the token endpoint's errors. */
    @Test
    void openApiDocumentDescribesEveryPublicRouteAndTheTokenEndpointsErrors() throws java.io.IOException {
        Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.root() + "/openapi")).header("Accept", "application/json").GET().build());
        assertEquals(200, reply.status(), reply.toString());
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi.json"), reply.body()); // for a person to read
        JsonObject paths = reply.json().getJsonObject("paths");
        String context = URI.create(api.base).getPath(); // the test deployment's context root; "" in production
        Map<String, Set<String>> documented = new HashMap<>();
        paths.forEach((path, operations) -> documented.put(path.startsWith(context + "/") ? path.substring(context.length()) : path,
                operations.asJsonObject().keySet()));
        // the README's route table (JAX-RS routes; the WebSocket, static files and Faces pages are not REST operations)
        Map<String, List<String>> routes = new java.util.LinkedHashMap<>();
        routes.put("/login/oauth/access_token", List.of("post"));
        routes.put("/oauth/revoke", List.of("post"));
        routes.put("/oauth/introspect", List.of("post"));
        routes.put("/.well-known/oauth-authorization-server", List.of("get"));
        routes.put("/oauth/jwks", List.of("get"));
        routes.put("/applications/{client_id}/token", List.of("post", "patch", "delete"));
        routes.put("/applications/{client_id}/grant", List.of("delete"));
        routes.put("/login/oauth/authorize", List.of("get"));
        routes.put("/login/device/code", List.of("post"));
        routes.put("/login/device", List.of("get", "post"));
        routes.put("/api/tenants", List.of("post"));
        routes.put("/api/tenants/{tenant}", List.of("get"));
        routes.put("/api/tenants/{tenant}/identity-provider", List.of("put"));
        routes.put("/api/tenants/{tenant}/apps", List.of("post", "get"));
        routes.put("/api/tenants/{tenant}/apps/{clientId}", List.of("get", "patch"));
        routes.put("/api/tenants/{tenant}/apps/{clientId}/secret", List.of("post"));
        routes.put("/api/tenants/{tenant}/audit", List.of("get"));
        routes.put("/api/tenants/{tenant}/reports", List.of("post", "get"));
        routes.put("/api/tenants/{tenant}/reports/{id}", List.of("get"));
        routes.put("/api/tenants/{tenant}/powerbi", List.of("get", "put"));
        routes.put("/api/embed/token", List.of("post"));
        routes.put("/api/tenants/{tenant}/settings", List.of("get", "put"));
        routes.put("/api/tenants/{tenant}/capacity", List.of("get"));
        routes.put("/api/tenants/{tenant}/capacity/pause", List.of("post"));
        routes.put("/api/tenants/{tenant}/capacity/resume", List.of("post"));
        routes.put("/api/tenants/{tenant}/capacity/azure", List.of("get", "put", "delete"));
        routes.put("/api/signing-keys", List.of("get"));
        routes.put("/api/signing-keys/rotate", List.of("post"));
        routes.put("/api/tenants/{tenant}/viewers", List.of("get"));
        routes.put("/embed/reports/{reportId}", List.of("get"));
        routes.put("/embed/reports/{reportId}/data", List.of("get"));
        routes.put("/api/demo/sign-in", List.of("post"));
        List<String> missing = new ArrayList<>();
        List<String> noSuccess = new ArrayList<>();
        routes.forEach((path, methods) -> methods.forEach(method -> {
            if (!documented.getOrDefault(path, Set.of()).contains(method)) {
                missing.add(method.toUpperCase() + " " + path);
            } else {
                JsonObject operation = (paths.containsKey(context + path) ? paths.getJsonObject(context + path) : paths.getJsonObject(path))
                        .getJsonObject(method);
                if (operation.getJsonObject("responses").keySet().stream().noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
                    noSuccess.add(method.toUpperCase() + " " + path + " " + operation.getJsonObject("responses").keySet());
                }
            }
        }));
        assertTrue(missing.isEmpty(), "not in /openapi: " + missing + "; documented: " + documented.keySet());
        assertTrue(noSuccess.isEmpty(), "no success answer documented: " + noSuccess);

        JsonObject token = paths.getJsonObject(context + "/login/oauth/access_token") != null
                ? paths.getJsonObject(context + "/login/oauth/access_token") : paths.getJsonObject("/login/oauth/access_token");
        JsonObject responses = token.getJsonObject("post").getJsonObject("responses");
        for (String status : List.of("200", "400", "401", "429")) {
            assertNotNull(responses.getJsonObject(status), "the token endpoint documents its " + status + ": " + responses.keySet());
        }
        String error = responses.getJsonObject("400").getJsonObject("content").getJsonObject("application/json").toString();
        assertTrue(error.contains("error_description") || error.contains("OAuthError"), "the 400 names the OAuth error body: " + error);
        assertTrue(responses.getJsonObject("429").toString().contains("Retry-After"), "the 429 names its Retry-After header");
        JsonObject apps = paths.containsKey(context + "/api/tenants/{tenant}/apps")
                ? paths.getJsonObject(context + "/api/tenants/{tenant}/apps") : paths.getJsonObject("/api/tenants/{tenant}/apps");
        JsonObject appErrors = apps.getJsonObject("post").getJsonObject("responses");
        for (String status : List.of("400", "401", "403", "404", "500")) {
            assertTrue(appErrors.getJsonObject(status).toString().contains("ApiError"),
                    "an admin API operation documents its " + status + " with the ApiError body: " + appErrors.keySet());
        }
        assertNotNull(reply.json().getJsonObject("components").getJsonObject("schemas").getJsonObject("ApiError"));
    }


    private static boolean pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

}
