package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkeeper.it.Api.IdentityProvider;
import dev.tokenkeeper.it.Api.Reply;
import dev.tokenkeeper.it.Api.TenantFixture;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassfish.tyrus.client.ClientManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, point 3: malformed input, one named case per row, against the real WAR on PostgreSQL.
 * Every case must get a clear 4xx (or a WebSocket close with 1008 / 1009), no stack trace in the
 * answer, no raw echo of markup in a page, nothing half written by a refused write, and the
 * readiness check must answer 200 after it. The tables are data: the fixtures they run against
 * (a tenant with an identity provider, a report, the platform token, an admin session) are made
 * once per run, lazily, because the deployment URL is known only when the first case runs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

    private static final String ADMIN_PASSWORD = System.getenv().getOrDefault("TOKENKEEPER_BOOTSTRAP_ADMIN_PASSWORD", "admin-pages-it-password");
    private static final String TOKEN = "/login/oauth/access_token";
    private static final String REPORT = "sales";
    /** Fragments of a Java stack trace or exception name that must never reach a client. */
    private static final List<String> STACK_TRACE = List.of("Exception", "at dev.", "at org.", "at java.", "java.lang.", "Caused by");
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final String SVG = "<svg onload=alert(1)>";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tokenkeeperWithMovableClock();
    }

    @ArquillianResource
    URL deploymentUrl;

    /** The fixtures every table runs against; built by the first case (static: parameterized cases share them). */
    private static World world;

    World world() {
        if (world == null) {
            world = new World(new Api(deploymentUrl));
        }
        return world;
    }

    @AfterAll
    static void shutDown() {
        if (world != null) {
            world.websockets.shutdown();
        }
    }

    /** One table row: what to send, and the refusal the contract promises (error null: any error code). */
    record Case(String name, Function<World, Reply> request, int status, String error, Function<World, String> state) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case refused(String name, int status, String error, Function<World, Reply> request) {
        return new Case(name, request, status, error, null);
    }

    /** A refused write: {@code state} reads back what it must not have changed. */
    static Case unchanged(String name, int status, String error, Function<World, String> state, Function<World, Reply> request) {
        return new Case(name, request, status, error, state);
    }

    // ---- the fixtures ----------------------------------------------------------------------------

    static final class World {
        final Api api;
        final String root;
        final TenantFixture tenant;
        final String platform;
        final JWTClaimsSet platformClaims;
        final String serverJwks;
        final String userToken;
        final IdentityProvider stranger = new IdentityProvider();
        final ClientManager websockets = ClientManager.createClient();
        /** The XSS tenant: every field the pages show back holds markup. */
        final String xssSlug;
        final String xssClientId;
        private HttpClient adminBrowser;

        World(Api api) {
            this.api = api;
            this.root = api.base.substring(0, api.base.indexOf('/', "http://".length()));
            this.tenant = api.newTenant("bad", true);
            this.platform = api.platformToken();
            try {
                this.platformClaims = SignedJWT.parse(platform).getJWTClaimsSet();
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
            this.serverJwks = api.get("/oauth/jwks", null).body();
            Reply report = api.postJson("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken(),
                    "{\"id\":\"" + REPORT + "\",\"name\":\"Sales\"}");
            assertEquals(201, report.status(), report.toString());
            this.userToken = api.signIn(tenant, "ada").getString("access_token");

            // stored markup, through the REST API as an admin would type it
            IdentityProvider idp = new IdentityProvider();
            String xssIssuer = "https://idp.example/" + IMG;
            xssSlug = "xss-" + UUID.randomUUID().toString().substring(0, 8);
            Reply created = api.postJson("/api/tenants", platform, "{\"slug\":\"" + xssSlug + "\",\"name\":" + quote(SCRIPT)
                    + ",\"identityProvider\":{\"issuer\":" + quote(xssIssuer) + ",\"jwks\":" + idp.publicJwks() + "}}");
            assertEquals(201, created.status(), created.toString());
            Reply app = api.postJson("/api/tenants/" + xssSlug + "/apps", platform, "{\"name\":" + quote(SCRIPT) + ",\"expiringUserTokens\":true}");
            assertEquals(201, app.status(), app.toString());
            xssClientId = app.json().getString("client_id");
            String xssSecret = app.json().getString("client_secret");
            assertEquals(201, api.postJson("/api/tenants/" + xssSlug + "/apps", platform, "{\"name\":" + quote(IMG) + "}").status());
            Reply xssReport = api.postJson("/api/tenants/" + xssSlug + "/reports", platform, "{\"id\":\"xss\",\"name\":" + quote(SVG)
                    + ",\"rowLevelSecurity\":{\"roles\":[" + quote("</code>" + SCRIPT) + "]}}");
            assertEquals(201, xssReport.status(), xssReport.toString());
            // a user whose sub is markup, signed in and watching, so the viewers and audit pages show it
            String subjectToken = IdentityProvider.token(new JWTClaimsSet.Builder().issuer(xssIssuer).subject(SCRIPT)
                    .audience(xssClientId).expirationTime(Date.from(Instant.now().plusSeconds(300))).build(), idp.key);
            Reply exchanged = api.token(Map.of("grant_type", Api.TOKEN_EXCHANGE, "client_id", xssClientId, "client_secret", xssSecret,
                    "subject_token", subjectToken, "subject_token_type", Api.JWT_TYPE));
            assertEquals(200, exchanged.status(), exchanged.toString());
            try {
                ViewerClient viewer = ViewerClient.connect(websockets, new URL(api.base));
                viewer.hello(exchanged.json().getString("access_token"), "xss").next(Duration.ofSeconds(10));
                // left open on purpose: the viewers page lists it
            } catch (Exception e) {
                throw new IllegalStateException("the XSS viewer could not connect", e);
            }
        }

        Reply health() {
            return api.send(HttpRequest.newBuilder(URI.create(root + "/health/ready")).timeout(Duration.ofSeconds(30)).GET().build());
        }

        String apps() {
            return api.get("/api/tenants/" + tenant.slug() + "/apps", tenant.adminToken()).body();
        }

        String settings() {
            return api.get("/api/tenants/" + tenant.slug() + "/settings", tenant.adminToken()).body();
        }

        String reports() {
            return api.get("/api/tenants/" + tenant.slug() + "/reports", tenant.adminToken()).body();
        }

        String tenantView() {
            return api.get("/api/tenants/" + tenant.slug(), platform).body();
        }

        Map<String, String> exchangeForm(String subjectToken) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", Api.TOKEN_EXCHANGE);
            form.put("client_id", tenant.clientId());
            form.put("client_secret", tenant.secret());
            form.put("subject_token", subjectToken);
            form.put("subject_token_type", Api.JWT_TYPE);
            return form;
        }

        Reply exchange(String subjectToken) {
            return api.token(exchangeForm(subjectToken));
        }

        Reply exchangeWith(String name, String value) {
            Map<String, String> form = exchangeForm(tenant.subjectToken("ada"));
            if (value == null) {
                form.remove(name);
            } else {
                form.put(name, value);
            }
            return api.token(form);
        }

        JWTClaimsSet.Builder subjectClaims() {
            return new JWTClaimsSet.Builder().issuer(tenant.idp().issuer).subject("ada").audience(tenant.clientId())
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        }

        String signedByIdp(JWTClaimsSet claims) {
            return IdentityProvider.token(claims, tenant.idp().key);
        }

        Reply raw(String method, String path, String contentType, String body, Map<String, String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            headers.forEach(request::header);
            return api.send(request.build());
        }

        Reply rawBytes(String path, String contentType, byte[] body) {
            return api.send(HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", contentType).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }

        Reply token(String contentType, String body) {
            return raw("POST", TOKEN, contentType, body, Map.of("Accept", "application/json"));
        }

        Reply tokenBasic(String authorization, Map<String, String> form) {
            return api.postForm(TOKEN, form, "application/json", authorization);
        }

        Reply adminGet(String path, String authorization) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base + path)).timeout(Duration.ofSeconds(30)).GET()
                    .header("Accept", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return api.send(request.build());
        }

        Reply adminSend(String method, String path, String contentType, String body) {
            return raw(method, path, contentType, body, Map.of("Authorization", "Bearer " + tenant.adminToken(), "Accept", "application/json"));
        }

        /** A signed-in admin's browser without a browser: a cookie jar, and the sign-in form posted as Faces expects. */
        synchronized HttpClient adminBrowser() throws IOException, InterruptedException {
            if (adminBrowser != null) {
                return adminBrowser;
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> form = client.send(HttpRequest.newBuilder(URI.create(api.base + "/admin/signin.xhtml")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, form.statusCode(), form.body());
            Matcher action = Pattern.compile("<form id=\"signIn\"[^>]*action=\"([^\"]+)\"").matcher(form.body());
            assertTrue(action.find(), "the sign-in form: " + form.body());
            String viewState = viewState(form.body());
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("signIn", "signIn");
            fields.put("signIn:username", "admin");
            fields.put("signIn:password", ADMIN_PASSWORD);
            fields.put("signIn:submit", "Sign in");
            fields.put("jakarta.faces.ViewState", viewState);
            HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(root).resolve(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(Api.encode(fields)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, signedIn.statusCode(), signedIn.body());
            assertTrue(signedIn.uri().getPath().endsWith("/tenants.xhtml"), "signed in as the platform admin: " + signedIn.uri() + " " + signedIn.body());
            adminBrowser = client;
            return client;
        }

        Reply page(String pathAndQuery) {
            try {
                HttpResponse<String> response = adminBrowser().send(HttpRequest.newBuilder(URI.create(api.base + pathAndQuery))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.body(), response);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        ViewerClient viewer() throws Exception {
            return ViewerClient.connect(websockets, new URL(api.base));
        }
    }

    private static String viewState(String html) {
        Matcher input = Pattern.compile("<input[^>]*name=\"jakarta.faces.ViewState\"[^>]*>").matcher(html);
        assertTrue(input.find(), "a Faces view state in " + html);
        Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input.group());
        assertTrue(value.find(), input.group());
        return value.group(1).replace("&#58;", ":").replace("&amp;", "&");
    }

    static String quote(String text) {
        return jakarta.json.Json.createValue(text).toString();
    }

    static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---- JWT craft -------------------------------------------------------------------------------

    static String sign(JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(RSAKey key, JWSHeader.Builder header, JWTClaimsSet claims) {
        try {
            return sign(header.build(), claims, new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String es256(String kid, JWTClaimsSet claims) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims, new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String none(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** A real token whose header says {@code alg: none}, its signature kept or dropped. */
    static String withNoneHeader(String token, boolean keepSignature) {
        String[] parts = token.split("\\.");
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        return header + "." + parts[1] + "." + (keepSignature ? parts[2] : "");
    }

    /** A real token with one claim rewritten and its original signature kept. */
    static String tampered(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains(from), payload + " has " + from);
        return parts[0] + "." + Base64URL.encode(payload.replace(from, to)) + "." + parts[2];
    }

    static String serverKid(World w) {
        try {
            return JWKSet.parse(w.serverJwks).getKeys().get(0).getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet with(JWTClaimsSet claims, String name, Object value) {
        return new JWTClaimsSet.Builder(claims).claim(name, value).build();
    }

    // ---- the checks ------------------------------------------------------------------------------

    private void check(Case c) {
        World w = world();
        String before = c.state() == null ? null : c.state().apply(w);
        Reply reply = c.request().apply(w);
        assertEquals(c.status(), reply.status(), c.name() + ": " + reply);
        noStackTrace(c.name(), reply);
        String type = reply.header("Content-Type");
        if (type != null && type.startsWith("application/json") && !reply.body().isEmpty()) {
            JsonObject body = reply.json();
            assertNotNull(body.getString("error", null), c.name() + ": an error code in " + reply.body());
            assertNotNull(body.getString("error_description", null), c.name() + ": a description in " + reply.body());
            if (c.error() != null) {
                assertEquals(c.error(), body.getString("error"), c.name() + ": " + reply.body());
            }
        } else {
            assertEquals(null, c.error(), c.name() + ": expected a JSON error body, got " + type + " " + reply.body());
        }
        if (c.state() != null) {
            assertEquals(before, c.state().apply(w), c.name() + ": a refused write changed nothing");
        }
        assertHealthy(w);
    }

    static void noStackTrace(String name, Reply reply) {
        for (String fragment : STACK_TRACE) {
            assertFalse(reply.body().contains(fragment), name + ": '" + fragment + "' leaked in " + reply.body());
        }
    }

    static void assertHealthy(World w) {
        Reply ready = w.health();
        assertEquals(200, ready.status(), "health after the case: " + ready);
    }

    // ---- token endpoint --------------------------------------------------------------------------

    static Stream<Case> tokenEndpoint() {
        String formBody = "grant_type=client_credentials&client_id=x&client_secret=y";
        List<Case> cases = new ArrayList<>();
        // methods and content types
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(refused(method + " is not allowed", 405, "method_not_allowed", w -> w.raw(method, TOKEN, null, null, Map.of())));
        }
        cases.add(refused("form body sent as text/plain carries no parameters", 400, "invalid_request", w -> w.token("text/plain", formBody)));
        cases.add(refused("form body without a Content-Type", 400, "invalid_request", w -> w.token(null, formBody)));
        cases.add(refused("application/xml body", 400, "invalid_request",
                w -> w.token("application/xml", "<grant_type>client_credentials</grant_type>")));
        cases.add(refused("multipart/form-data body", 400, "invalid_request",
                w -> w.token("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--")));
        cases.add(refused("a form body labelled application/json", 400, "invalid_request", w -> w.token("application/json", formBody)));
        cases.add(refused("a JSON body labelled as a form", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "{\"grant_type\":\"client_credentials\"}")));
        cases.add(refused("a Content-Type of only semicolons", 400, "invalid_request", w -> w.token(";;;", formBody)));
        // broken JSON
        Map<String, String> brokenJson = new LinkedHashMap<>();
        brokenJson.put("an unterminated JSON object", "{\"grant_type\":");
        brokenJson.put("a JSON array", "[\"grant_type\",\"client_credentials\"]");
        brokenJson.put("a JSON string", "\"grant_type\"");
        brokenJson.put("JSON null", "null");
        brokenJson.put("a JSON number", "42");
        brokenJson.put("an object as grant_type", "{\"grant_type\":{\"a\":1}}");
        brokenJson.put("an array as client_id", "{\"grant_type\":\"client_credentials\",\"client_id\":[\"a\",\"b\"]}");
        brokenJson.put("single-quoted JSON", "{'grant_type':'client_credentials'}");
        brokenJson.put("JSON with a comment", "{/* hi */\"grant_type\":\"client_credentials\"}");
        brokenJson.put("JSON nested 100000 deep", "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        brokenJson.put("a bad escape in a JSON string", "{\"grant_type\":\"\\x41\"}");
        brokenJson.forEach((name, body) -> cases.add(refused(name, 400, "invalid_request", w -> w.token("application/json", body))));
        cases.add(refused("junk after an otherwise valid JSON body", 400, "invalid_request",
                w -> w.token("application/json", "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + w.tenant.clientId()
                        + "\",\"client_secret\":\"" + w.tenant.secret() + "\"} {\"grant_type\":\"refresh_token\"}")));
        cases.add(refused("broken JSON under a +json type", 400, "invalid_request", w -> w.token("application/vnd.github+json", "{")));
        cases.add(refused("invalid UTF-8 bytes in a JSON body", 401, "invalid_client",
                w -> w.rawBytes(TOKEN, "application/json", concat("{\"grant_type\":\"client_credentials\",\"client_id\":\"", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                        "\",\"client_secret\":\"x\"}"))));
        cases.add(refused("a huge number as grant_type", 400, "unsupported_grant_type",
                w -> w.token("application/json", "{\"grant_type\":1e999999,\"client_id\":\"" + w.tenant.clientId() + "\",\"client_secret\":\""
                        + w.tenant.secret() + "\"}")));
        // duplicated and missing parameters
        cases.add(refused("grant_type twice in the form", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "grant_type=client_credentials&grant_type=refresh_token")));
        cases.add(refused("client_id twice in the form", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "client_id=a&client_id=b&grant_type=client_credentials")));
        cases.add(refused("grant_type in both query and body", 400, "invalid_request",
                w -> w.raw("POST", TOKEN + "?grant_type=client_credentials", "application/x-www-form-urlencoded", "grant_type=client_credentials",
                        Map.of("Accept", "application/json"))));
        cases.add(refused("grant_type twice in the query", 400, "invalid_request",
                w -> w.raw("POST", TOKEN + "?grant_type=a&grant_type=b", null, null, Map.of("Accept", "application/json"))));
        cases.add(refused("JSON object with a duplicate key", 400, null,
                w -> w.token("application/json", "{\"grant_type\":\"client_credentials\",\"grant_type\":\"password\",\"client_id\":\""
                        + w.tenant.clientId() + "\",\"client_secret\":\"" + w.tenant.secret() + "\"}")));
        cases.add(refused("client_secret both in Basic and in the body", 400, "invalid_request",
                w -> w.tokenBasic(Api.basic(w.tenant.clientId(), w.tenant.secret()), Map.of("grant_type", "client_credentials",
                        "client_secret", w.tenant.secret()))));
        cases.add(refused("client_id in the body differs from Basic", 400, "invalid_request",
                w -> w.tokenBasic(Api.basic(w.tenant.clientId(), w.tenant.secret()), Map.of("grant_type", "client_credentials", "client_id", "other"))));
        cases.add(refused("no parameters at all", 400, "invalid_request", w -> w.token("application/x-www-form-urlencoded", "")));
        cases.add(refused("grant_type missing", 400, "invalid_request", w -> w.exchangeWith("grant_type", null)));
        cases.add(refused("grant_type empty", 400, "invalid_request", w -> w.exchangeWith("grant_type", "")));
        cases.add(refused("grant_type password (not supported)", 400, "unsupported_grant_type", w -> w.exchangeWith("grant_type", "password")));
        cases.add(refused("client_id missing", 401, "invalid_client", w -> w.exchangeWith("client_id", null)));
        cases.add(refused("client_secret missing", 401, "invalid_client", w -> w.exchangeWith("client_secret", null)));
        cases.add(refused("client_secret wrong", 401, "invalid_client", w -> w.exchangeWith("client_secret", "tks_wrong")));
        cases.add(refused("client_id unknown", 401, "invalid_client", w -> w.exchangeWith("client_id", "Tk1.nobody")));
        cases.add(refused("subject_token missing", 400, "invalid_request", w -> w.exchangeWith("subject_token", null)));
        cases.add(refused("subject_token_type missing", 400, "invalid_request", w -> w.exchangeWith("subject_token_type", null)));
        cases.add(refused("subject_token_type an access token", 400, "invalid_request",
                w -> w.exchangeWith("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")));
        cases.add(refused("refresh grant without refresh_token", 400, "invalid_request",
                w -> w.api.token(Map.of("grant_type", "refresh_token", "client_id", w.tenant.clientId(), "client_secret", w.tenant.secret()))));
        cases.add(refused("refresh grant with a made-up refresh_token", 400, "invalid_grant", w -> w.api.refresh(w.tenant, "tkr_" + "A".repeat(40))));
        cases.add(refused("refresh grant with an access token as refresh_token", 400, "invalid_grant", w -> w.api.refresh(w.tenant, w.userToken)));
        cases.add(refused("Basic credentials that are not base64", 401, "invalid_client",
                w -> w.tokenBasic("Basic !!!not-base64!!!", Map.of("grant_type", "client_credentials"))));
        cases.add(refused("Basic credentials without a colon", 401, "invalid_client",
                w -> w.tokenBasic("Basic " + Base64.getEncoder().encodeToString("justanid".getBytes(StandardCharsets.UTF_8)),
                        Map.of("grant_type", "client_credentials"))));
        cases.add(refused("Basic credentials with a broken percent-escape", 401, "invalid_client",
                w -> w.tokenBasic("Basic " + Base64.getEncoder().encodeToString("id%zz:secret".getBytes(StandardCharsets.UTF_8)),
                        Map.of("grant_type", "client_credentials"))));
        cases.add(refused("a broken percent-escape in the form", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "grant_type=%zz")));
        cases.add(refused("a lone percent sign in the form", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "grant_type=%")));
        // huge bodies and headers
        cases.add(refused("a 65 KiB form body", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "grant_type=client_credentials&pad=" + "a".repeat(65 * 1024))));
        cases.add(refused("a 2 MiB JSON body", 400, "invalid_request",
                w -> w.token("application/json", "{\"pad\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")));
        cases.add(refused("a parameter over 8192 characters", 400, "invalid_request", w -> w.exchangeWith("subject_token", "a".repeat(8193))));
        cases.add(refused("10,000 distinct parameters", 400, "invalid_request",
                w -> w.token("application/x-www-form-urlencoded", "grant_type=password&" + String.join("&",
                        java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> "p" + i + "=1").toList()))));
        cases.add(refused("a 64 KiB header", 400, null,
                w -> w.raw("POST", TOKEN, "application/x-www-form-urlencoded", formBody, Map.of("X-Pad", "a".repeat(64 * 1024)))));
        cases.add(refused("a 64 KiB Accept header", 400, null,
                w -> w.raw("POST", TOKEN, "application/x-www-form-urlencoded", formBody, Map.of("Accept", "application/json," + "text/x;q=0.1,".repeat(4000)))));
        // control and unusual Unicode characters
        Map<String, String> oddIds = new LinkedHashMap<>();
        oddIds.put("CR LF in client_id", "Tk1.abc\r\nX-Injected: 1");
        oddIds.put("a right-to-left override in client_id", "Tk1.\u202Eabc");
        oddIds.put("a zero-width space in client_id", "Tk1.\u200B");
        oddIds.put("an emoji in client_id", "Tk1.\uD83D\uDE00");
        oddIds.put("a lone surrogate in client_id", "Tk1.\uD800");
        oddIds.put("a BOM and escape character in client_id", "\uFEFFTk1.\u001B[31m");
        oddIds.forEach((name, id) -> cases.add(refused(name, 401, "invalid_client",
                w -> w.token("application/json", "{\"grant_type\":\"client_credentials\",\"client_id\":" + quote(id) + ",\"client_secret\":\"x\"}"))));
        cases.add(refused("a NUL in client_id", 400, "invalid_request",
                w -> w.token("application/json", "{\"grant_type\":\"client_credentials\",\"client_id\":" + quote("Tk1.\u0000abc") + ",\"client_secret\":\"x\"}")));
        cases.add(refused("a NUL in a form-encoded client_secret", 400, "invalid_request", w -> w.exchangeWith("client_secret", w.tenant.secret() + "\u0000")));
        cases.add(refused("CR LF in grant_type", 400, "unsupported_grant_type", w -> w.exchangeWith("grant_type", "client_credentials\r\n")));
        cases.add(refused("a zero-width space in subject_token_type", 400, "invalid_request",
                w -> w.exchangeWith("subject_token_type", Api.JWT_TYPE + "\u200B")));
        cases.add(refused("a NUL in subject_token", 400, "invalid_request", w -> w.exchangeWith("subject_token", "\u0000")));
        // bad JWTs as subject tokens
        cases.add(refused("subject_token not a JWT", 400, "invalid_request", w -> w.exchange("not-a-jwt")));
        cases.add(refused("subject_token empty", 400, "invalid_request", w -> w.exchange("")));
        cases.add(refused("subject_token of two parts", 400, "invalid_request", w -> w.exchange("eyJhbGciOiJSUzI1NiJ9.e30")));
        cases.add(refused("subject_token with a header that is not base64 JSON", 400, "invalid_request", w -> w.exchange("!!!.e30.sig")));
        cases.add(refused("subject_token as a five-part JWE", 400, "invalid_request", w -> w.exchange("a.b.c.d.e")));
        cases.add(refused("alg none", 400, "invalid_request", w -> w.exchange(none(w.subjectClaims().build()))));
        cases.add(refused("alg none over a real token's signature", 400, "invalid_request",
                w -> w.exchange(withNoneHeader(w.signedByIdp(w.subjectClaims().build()), true))));
        cases.add(refused("alg none with the signature dropped", 400, "invalid_request",
                w -> w.exchange(withNoneHeader(w.signedByIdp(w.subjectClaims().build()), false))));
        cases.add(refused("signature stripped", 400, "invalid_request", w -> {
            String token = w.signedByIdp(w.subjectClaims().build());
            return w.exchange(token.substring(0, token.lastIndexOf('.') + 1));
        }));
        cases.add(refused("signed by another key under the IdP's kid", 400, "invalid_request",
                w -> w.exchange(rs256(strangerWithKid(w), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(w.tenant.idp().key.getKeyID()),
                        w.subjectClaims().build()))));
        cases.add(refused("signed by another key with an unknown kid", 400, "invalid_request",
                w -> w.exchange(IdentityProvider.token(w.subjectClaims().build(), w.stranger.key))));
        cases.add(refused("HS256 keyed with the IdP's public JWK (HS/RS confusion)", 400, "invalid_request",
                w -> w.exchange(hs256(w.tenant.idp().key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                        w.tenant.idp().key.getKeyID(), w.subjectClaims().build()))));
        cases.add(refused("HS256 keyed with the IdP's modulus (HS/RS confusion)", 400, "invalid_request",
                w -> w.exchange(hs256(w.tenant.idp().key.getModulus().decode(), w.tenant.idp().key.getKeyID(), w.subjectClaims().build()))));
        cases.add(refused("HS256 keyed with the client secret", 400, "invalid_request",
                w -> w.exchange(hs256(w.tenant.secret().getBytes(StandardCharsets.UTF_8), null, w.subjectClaims().build()))));
        cases.add(refused("ES256 by an unknown key", 400, "invalid_request", w -> w.exchange(es256(w.tenant.idp().key.getKeyID(), w.subjectClaims().build()))));
        cases.add(refused("the signer's own key embedded in the header (jwk)", 400, "invalid_request",
                w -> w.exchange(rs256(w.stranger.key, new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(w.stranger.key.toPublicJWK()),
                        w.subjectClaims().build()))));
        cases.add(refused("a jku header pointing elsewhere", 400, "invalid_request",
                w -> w.exchange(rs256(w.stranger.key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(w.stranger.key.getKeyID())
                        .jwkURL(URI.create("https://attacker.example/jwks")), w.subjectClaims().build()))));
        cases.add(refused("a kid that is a path", 400, "invalid_request",
                w -> w.exchange(rs256(w.stranger.key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../../../etc/passwd"), w.subjectClaims().build()))));
        cases.add(refused("expired an hour ago", 400, "invalid_request",
                w -> w.exchange(w.signedByIdp(w.subjectClaims().expirationTime(Date.from(Instant.now().minusSeconds(3600))).build()))));
        cases.add(refused("not valid for another hour (nbf)", 400, "invalid_request",
                w -> w.exchange(w.signedByIdp(w.subjectClaims().notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).build()))));
        cases.add(refused("no exp", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().expirationTime(null).build()))));
        cases.add(refused("exp as a string", 400, "invalid_request",
                w -> w.exchange(w.signedByIdp(with(w.subjectClaims().expirationTime(null).build(), "exp", "tomorrow")))));
        cases.add(refused("wrong issuer", 400, "invalid_request",
                w -> w.exchange(w.signedByIdp(w.subjectClaims().issuer("https://evil.example").build()))));
        cases.add(refused("no issuer", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().issuer(null).build()))));
        cases.add(refused("wrong audience", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().audience("someone-else").build()))));
        cases.add(refused("no audience", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().audience((String) null).build()))));
        cases.add(refused("no sub", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().subject(null).build()))));
        cases.add(refused("a 300-character sub", 400, "invalid_request", w -> w.exchange(w.signedByIdp(w.subjectClaims().subject("s".repeat(300)).build()))));
        cases.add(refused("a crit header naming an unknown extension", 400, "invalid_request",
                w -> w.exchange(rs256(w.tenant.idp().key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(w.tenant.idp().key.getKeyID())
                        .criticalParams(Set.of("urn:example:must-understand")).customParam("urn:example:must-understand", true),
                        w.subjectClaims().build()))));
        cases.add(refused("an unencoded payload (b64: false, crit)", 400, "invalid_request",
                w -> w.exchange(rs256(w.tenant.idp().key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(w.tenant.idp().key.getKeyID())
                        .base64URLEncodePayload(false).criticalParams(Set.of("b64")), w.subjectClaims().build()))));
        cases.add(refused("a typ of JWE content (cty JWT, nested)", 400, "invalid_request",
                w -> w.exchange(rs256(w.stranger.key, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JOSE).contentType("JWT"),
                        w.subjectClaims().build()))));
        cases.add(refused("a real token with the subject rewritten", 400, "invalid_request",
                w -> w.exchange(tampered(w.signedByIdp(w.subjectClaims().build()), "\"sub\":\"ada\"", "\"sub\":\"root\""))));
        cases.add(refused("our own access token as subject token", 400, "invalid_request", w -> w.exchange(w.userToken)));
        return cases.stream();
    }

    private static RSAKey strangerWithKid(World w) {
        try {
            return new RSAKey.Builder(w.stranger.key).keyID(w.tenant.idp().key.getKeyID()).build();
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @ParameterizedTest(name = "token endpoint: {0}")
    @MethodSource("tokenEndpoint")
    void tokenEndpointRefuses(Case c) {
        check(c);
    }

    // ---- admin API -------------------------------------------------------------------------------

    static Stream<Case> adminApi() {
        List<Case> cases = new ArrayList<>();
        Function<World, String> apps = World::apps;
        Function<World, String> settings = World::settings;
        Function<World, String> reports = World::reports;
        String appsPath = "/api/tenants/%s/apps";
        // bearer tokens
        cases.add(refused("no Authorization header", 401, null, w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/apps", null)));
        cases.add(refused("an empty bearer token", 401, null, w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/apps", "Bearer ")));
        cases.add(refused("a bearer token that is not a JWT", 401, null, w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/apps", "Bearer garbage")));
        cases.add(refused("Basic instead of Bearer", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/apps", Api.basic(Api.PLATFORM_CLIENT_ID, Api.PLATFORM_SECRET))));
        cases.add(refused("alg none with the platform admin's claims", 401, null,
                w -> w.adminGet("/api/tenants", "Bearer " + none(w.platformClaims))));
        cases.add(refused("a real platform token's header changed to alg none", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + withNoneHeader(w.platform, true))));
        cases.add(refused("HS256 keyed with the server's public JWKS (HS/ES confusion)", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + hs256(w.serverJwks.getBytes(StandardCharsets.UTF_8), serverKid(w), w.platformClaims))));
        cases.add(refused("ES256 by another key under the server's kid", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + es256(serverKid(w), w.platformClaims))));
        cases.add(refused("RS256 by a stranger's key", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + IdentityProvider.token(w.platformClaims, w.stranger.key))));
        cases.add(refused("a real tenant admin token rewritten to name another tenant", 401, null, w -> {
            String slug = w.tenant.slug();
            return w.adminGet("/api/tenants/" + w.xssSlug + "/apps", "Bearer " + tampered(w.tenant.adminToken(), slug, w.xssSlug));
        }));
        cases.add(refused("a real token with its expiry moved back", 401, null, w -> {
            String exp = "\"exp\":" + w.platformClaims.getExpirationTime().toInstant().getEpochSecond();
            return w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + tampered(w.platform, exp, "\"exp\":1000"));
        }));
        cases.add(refused("a crit header on a stranger-signed token", 401, null,
                w -> w.adminGet("/api/tenants/" + w.tenant.slug(), "Bearer " + rs256(w.stranger.key, new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .criticalParams(Set.of("urn:example:x")).customParam("urn:example:x", 1), w.platformClaims))));
        cases.add(refused("a user's access token on the admin API", 403, "forbidden",
                w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/apps", "Bearer " + w.userToken)));
        cases.add(refused("a tenant admin reading another tenant", 403, "forbidden",
                w -> w.adminGet("/api/tenants/" + w.xssSlug + "/apps", "Bearer " + w.tenant.adminToken())));
        cases.add(refused("a tenant admin creating a tenant", 403, "forbidden",
                w -> w.api.postJson("/api/tenants", w.tenant.adminToken(), "{\"slug\":\"nope\",\"name\":\"x\"}")));
        // bodies of writes
        Map<String, String> badApps = new LinkedHashMap<>();
        badApps.put("an unterminated JSON body", "{\"name\":");
        badApps.put("an empty body", "");
        badApps.put("no name", "{\"expiringUserTokens\":true}");
        badApps.put("a blank name", "{\"name\":\"   \"}");
        badApps.put("a 201-character name", "{\"name\":\"" + "n".repeat(201) + "\"}");
        badApps.put("a role other than admin", "{\"name\":\"x\",\"roles\":[\"root\"]}");
        badApps.put("six roles", "{\"name\":\"x\",\"roles\":[\"admin\",\"admin\",\"admin\",\"admin\",\"admin\",\"admin\"]}");
        badApps.put("a string for a number", "{\"name\":\"x\",\"accessTokenSeconds\":\"abc\"}");
        badApps.put("a number too large for a long", "{\"name\":\"x\",\"accessTokenSeconds\":1e20}");
        badApps.put("a lifetime below the minimum", "{\"name\":\"x\",\"accessTokenSeconds\":1}");
        badApps.put("an object for a boolean", "{\"name\":\"x\",\"expiringUserTokens\":{}}");
        badApps.put("a javascript: redirect URI", "{\"name\":\"x\",\"redirectUris\":[\"javascript:alert(1)\"]}");
        badApps.put("a data: redirect URI", "{\"name\":\"x\",\"redirectUris\":[\"data:text/html,<script>alert(1)</script>\"]}");
        badApps.put("a plain-http redirect URI off loopback", "{\"name\":\"x\",\"redirectUris\":[\"http://evil.example/cb\"]}");
        badApps.put("a redirect URI with a fragment", "{\"name\":\"x\",\"redirectUris\":[\"https://app.example/cb#x\"]}");
        badApps.put("a wildcard redirect URI", "{\"name\":\"x\",\"redirectUris\":[\"https://*.example/cb\"]}");
        badApps.put("a JSON array holding the app", "[{\"name\":\"in-an-array\"}]");
        badApps.put("a bare JSON string", "\"x\"");
        badApps.put("junk after the JSON object", "{\"name\":\"glued\"} {\"name\":\"twice\"}");
        badApps.put("a NUL in the name", "{\"name\":\"nul\\u0000name\"}");
        badApps.put("a raw NUL in a redirect URI", "{\"name\":\"x\",\"redirectUris\":[\"https://app.example/\u0000cb\"]}");
        badApps.put("eleven redirect URIs", "{\"name\":\"x\",\"redirectUris\":[" + String.join(",", java.util.Collections.nCopies(11, "\"https://app.example/cb\"")) + "]}");
        badApps.forEach((name, body) -> cases.add(unchanged("new app: " + name, 400, "invalid_request", apps,
                w -> w.adminSend("POST", appsPath.formatted(w.tenant.slug()), "application/json", body))));
        cases.add(unchanged("new app as text/plain", 415, null, apps,
                w -> w.adminSend("POST", appsPath.formatted(w.tenant.slug()), "text/plain", "{\"name\":\"x\"}")));
        cases.add(unchanged("new app as a form", 415, null, apps,
                w -> w.adminSend("POST", appsPath.formatted(w.tenant.slug()), "application/x-www-form-urlencoded", "name=x")));
        cases.add(unchanged("new app with a 4 MiB body", 413, "payload_too_large", apps,
                w -> w.adminSend("POST", appsPath.formatted(w.tenant.slug()), "application/json", "{\"name\":\"" + "n".repeat(4 * 1024 * 1024) + "\"}")));
        cases.add(unchanged("DELETE on the app list", 405, "method_not_allowed", apps,
                w -> w.adminSend("DELETE", appsPath.formatted(w.tenant.slug()), null, null)));
        cases.add(unchanged("PATCH an unknown app", 404, "not_found", apps,
                w -> w.adminSend("PATCH", appsPath.formatted(w.tenant.slug()) + "/Tk1.nobody", "application/json", "{\"accessTokenSeconds\":600}")));
        Map<String, String> badSettings = new LinkedHashMap<>();
        badSettings.put("broken JSON", "{\"timedRefreshMinutes\":");
        badSettings.put("a string for minutes", "{\"timedRefreshMinutes\":\"five\"}");
        badSettings.put("negative minutes", "{\"timedRefreshMinutes\":-5}");
        badSettings.put("a valid field next to an invalid one", "{\"refreshOnInteraction\":false,\"embedTokenMinutes\":100000}");
        badSettings.put("an unknown capacity mode", "{\"capacity\":{\"mode\":\"<script>\"}}");
        badSettings.put("a JSON array", "[1,2]");
        badSettings.put("junk after the JSON object", "{\"timedRefreshMinutes\":5}x");
        badSettings.forEach((name, body) -> cases.add(unchanged("settings: " + name, 400, "invalid_request", settings,
                w -> w.adminSend("PUT", "/api/tenants/" + w.tenant.slug() + "/settings", "application/json", body))));
        Map<String, String> badReports = new LinkedHashMap<>();
        badReports.put("an id with a path", "{\"id\":\"../etc\",\"name\":\"x\"}");
        badReports.put("an id with markup", "{\"id\":" + quote(SCRIPT) + ",\"name\":\"x\"}");
        badReports.put("an unknown provider", "{\"id\":\"r2\",\"name\":\"x\",\"provider\":\"tableau\"}");
        badReports.put("a role with a line break", "{\"id\":\"r3\",\"name\":\"x\",\"rowLevelSecurity\":{\"roles\":[\"a\\nb\"]}}");
        badReports.put("a Power BI report id that is not a GUID", "{\"id\":\"r4\",\"name\":\"x\",\"provider\":\"powerbi\",\"powerBi\":{\"workspaceId\":\"x\",\"reportId\":\"y\"}}");
        badReports.forEach((name, body) -> cases.add(unchanged("new report: " + name, 400, "invalid_request", reports,
                w -> w.adminSend("POST", "/api/tenants/" + w.tenant.slug() + "/reports", "application/json", body))));
        Map<String, String> badTenants = new LinkedHashMap<>();
        badTenants.put("a slug with markup", "{\"slug\":" + quote(SCRIPT) + ",\"name\":\"x\",\"identityProvider\":{\"issuer\":\"https://i\",\"jwksUri\":\"https://i/k\"}}");
        badTenants.put("a javascript: jwksUri", "{\"slug\":\"js-uri\",\"name\":\"x\",\"identityProvider\":{\"issuer\":\"https://i\",\"jwksUri\":\"javascript:alert(1)\"}}");
        badTenants.put("jwks as a string", "{\"slug\":\"jwks-str\",\"name\":\"x\",\"identityProvider\":{\"issuer\":\"https://i\",\"jwks\":\"keys\"}}");
        badTenants.put("jwks that is not a JWK set", "{\"slug\":\"jwks-bad\",\"name\":\"x\",\"identityProvider\":{\"issuer\":\"https://i\",\"jwks\":{\"keys\":[{\"kty\":\"XX\"}]}}}");
        badTenants.put("both jwks and jwksUri", "{\"slug\":\"jwks-both\",\"name\":\"x\",\"identityProvider\":{\"issuer\":\"https://i\",\"jwksUri\":\"https://i/k\",\"jwks\":{\"keys\":[]}}}");
        badTenants.put("no identity provider", "{\"slug\":\"no-idp\",\"name\":\"x\"}");
        badTenants.forEach((name, body) -> cases.add(unchanged("new tenant: " + name, 400, "invalid_request",
                w -> w.api.get("/api/tenants/" + w.tenant.slug(), w.platform).status() + " " + w.api.get("/api/tenants/js-uri", w.platform).status()
                        + " " + w.api.get("/api/tenants/jwks-bad", w.platform).status(),
                w -> w.api.postJson("/api/tenants", w.platform, body))));
        cases.add(unchanged("identity provider: an issuer of 501 characters", 400, "invalid_request", World::tenantView,
                w -> w.adminSend("PUT", "/api/tenants/" + w.tenant.slug() + "/identity-provider", "application/json",
                        "{\"issuer\":\"" + "i".repeat(501) + "\",\"jwksUri\":\"https://i/k\"}")));
        cases.add(refused("an unknown tenant", 404, "not_found", w -> w.adminGet("/api/tenants/no-such-tenant/apps", "Bearer " + w.platform)));
        cases.add(refused("a tenant path with encoded markup", 404, "not_found",
                w -> w.adminGet("/api/tenants/" + url(SCRIPT) + "/apps", "Bearer " + w.platform)));
        cases.add(refused("audit with a non-numeric limit", 400, "invalid_request",
                w -> w.adminGet("/api/tenants/" + w.tenant.slug() + "/audit?limit=abc", "Bearer " + w.tenant.adminToken())));
        return cases.stream();
    }

    @ParameterizedTest(name = "admin API: {0}")
    @MethodSource("adminApi")
    void adminApiRefuses(Case c) {
        check(c);
    }

    // ---- admin pages: markup is shown escaped, never raw -------------------------------------------

    /** A page and the payloads it must show only escaped; {@code shown}: those it must show (escaped) at all. */
    record Page(String name, Function<World, String> path, int status, List<String> payloads, List<String> shown) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Page> adminPages() {
        return Stream.of(
                new Page("tenants: tenant name and issuer", w -> "/admin/tenants.xhtml", 200, List.of(SCRIPT, IMG), List.of(SCRIPT, IMG)),
                new Page("apps: app names", w -> "/admin/apps.xhtml?tenant=" + w.xssSlug, 200, List.of(SCRIPT, IMG), List.of(SCRIPT, IMG)),
                new Page("reports: report name and RLS role", w -> "/admin/reports.xhtml?tenant=" + w.xssSlug, 200,
                        List.of(SVG, "</code>" + SCRIPT), List.of(SVG, "</code>" + SCRIPT)),
                new Page("viewers: a user whose sub is markup", w -> "/admin/viewers.xhtml?tenant=" + w.xssSlug, 200, List.of(SCRIPT), List.of(SCRIPT)),
                new Page("audit: actors and apps", w -> "/admin/audit.xhtml?tenant=" + w.xssSlug, 200, List.of(SCRIPT, IMG), List.of(SCRIPT)),
                new Page("settings of the XSS tenant", w -> "/admin/settings.xhtml?tenant=" + w.xssSlug, 200, List.of(SCRIPT, IMG), List.of()),
                new Page("audit: reflected person filter", w -> "/admin/audit.xhtml?tenant=" + w.xssSlug + "&person=" + url(IMG), 200,
                        List.of(IMG), List.of(IMG)),
                new Page("audit: reflected type filter", w -> "/admin/audit.xhtml?tenant=" + w.xssSlug + "&type=" + url(IMG), 200,
                        List.of(IMG), List.of()),
                new Page("audit: reflected page number", w -> "/admin/audit.xhtml?tenant=" + w.xssSlug + "&page=" + url(SCRIPT), 200,
                        List.of(SCRIPT), List.of()),
                new Page("settings: reflected tenant slug", w -> "/admin/settings.xhtml?tenant=" + url(SCRIPT), 404, List.of(SCRIPT), List.of()),
                new Page("apps: reflected tenant slug", w -> "/admin/apps.xhtml?tenant=" + url(IMG), 404, List.of(IMG), List.of()),
                new Page("viewers: reflected tenant slug", w -> "/admin/viewers.xhtml?tenant=" + url(SVG), 404, List.of(SVG), List.of()),
                new Page("a page path with markup", w -> "/admin/" + url(SCRIPT) + ".xhtml", 404, List.of(SCRIPT), List.of()));
    }

    @ParameterizedTest(name = "admin page: {0}")
    @MethodSource("adminPages")
    void adminPagesEscape(Page page) {
        World w = world();
        Reply reply = w.page(page.path().apply(w));
        assertEquals(page.status(), reply.status(), page.name() + ": " + reply.status() + " " + reply.body());
        noStackTrace(page.name(), reply);
        for (String payload : page.payloads()) {
            assertFalse(reply.body().contains(payload), page.name() + ": raw " + payload + " in " + reply.body());
            assertFalse(reply.body().contains(payload.replace("\"", "&quot;")), page.name() + ": half-escaped " + payload);
        }
        for (String payload : page.shown()) {
            String escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            String alsoQuotes = escaped.replace("\"", "&quot;");
            assertTrue(reply.body().contains(escaped) || reply.body().contains(alsoQuotes),
                    page.name() + ": " + payload + " shown escaped in " + reply.body());
        }
        assertHealthy(w);
    }

    // ---- WebSocket channel -----------------------------------------------------------------------

    /** What to send on a fresh socket, and the close code it must get. */
    record Frame(String name, SocketAction action, int closeCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface SocketAction {
        void on(ViewerClient viewer, World w) throws Exception;
    }

    static Stream<Frame> viewerChannel() {
        return Stream.of(
                new Frame("a binary frame before hello", (v, w) -> v.sendBinary(new byte[] {1, 2, 3}), 1008),
                new Frame("a binary frame after hello", (v, w) -> {
                    v.hello(w.userToken, REPORT).nextToken("initial");
                    v.sendBinary("{\"type\":\"interaction\",\"kind\":\"page\"}".getBytes(StandardCharsets.UTF_8));
                }, 1008),
                new Frame("a binary frame of 1 MiB", (v, w) -> v.sendBinary(new byte[1024 * 1024]), 1009),
                new Frame("a text frame of 4097 bytes", (v, w) -> v.send("{\"type\":\"x\",\"p\":\"" + "a".repeat(4080) + "\"}"), 1009),
                new Frame("a text frame of 1 MiB", (v, w) -> v.send("a".repeat(1024 * 1024)), 1009),
                new Frame("not JSON", (v, w) -> v.send("hello"), 1008),
                new Frame("a JSON array", (v, w) -> v.send("[{\"type\":\"hello\"}]"), 1008),
                new Frame("no type", (v, w) -> v.send("{\"accessToken\":\"x\"}"), 1008),
                new Frame("a number as type", (v, w) -> v.send("{\"type\":5}"), 1008),
                new Frame("an unknown type", (v, w) -> v.send("{\"type\":\"subscribe\"}"), 1008),
                new Frame("an unknown type of markup and control characters", (v, w) -> v.send("{\"type\":" + quote(SCRIPT + "\u0000\u202E") + "}"), 1008),
                new Frame("hello with a token that is not a JWT", (v, w) -> v.hello("not-a-token", REPORT), 1008),
                new Frame("hello with an alg none token", (v, w) -> v.hello(withNoneHeader(w.userToken, false), REPORT), 1008),
                new Frame("hello with a token signed by a stranger", (v, w) -> v.hello(es256("k", SignedJWT.parse(w.userToken).getJWTClaimsSet()), REPORT), 1008),
                new Frame("hello with a token whose subject was rewritten", (v, w) -> v.hello(tampered(w.userToken, "\"sub\":\"ada\"", "\"sub\":\"eve\""), REPORT), 1008),
                new Frame("hello with the IdP's subject token", (v, w) -> v.hello(w.tenant.subjectToken("ada"), REPORT), 1008),
                new Frame("hello with a number as accessToken", (v, w) -> v.send("{\"type\":\"hello\",\"accessToken\":5,\"reportId\":\"sales\"}"), 1008),
                new Frame("hello for a report id with control characters", (v, w) -> v.send("{\"type\":\"hello\",\"accessToken\":\"" + w.userToken
                        + "\",\"reportId\":" + quote("sales\u0000\r\n") + "}"), 1008),
                new Frame("an interaction before hello", (v, w) -> v.interaction("page"), 1008),
                new Frame("an interaction of an unknown kind", (v, w) -> {
                    v.hello(w.userToken, REPORT).nextToken("initial");
                    v.send("{\"type\":\"interaction\",\"kind\":" + quote(IMG) + "}");
                }, 1008),
                new Frame("a second hello", (v, w) -> {
                    v.hello(w.userToken, REPORT).nextToken("initial");
                    v.hello(w.userToken, REPORT);
                }, 1008));
    }

    @ParameterizedTest(name = "viewer channel: {0}")
    @MethodSource("viewerChannel")
    void viewerChannelCloses(Frame frame) throws Exception {
        World w = world();
        try (ViewerClient viewer = w.viewer()) {
            frame.action().on(viewer, w);
            CloseReason reason = viewer.closeReason(Duration.ofSeconds(10));
            assertEquals(frame.closeCode(), reason.getCloseCode().getCode(), frame.name() + ": " + reason);
            for (String fragment : STACK_TRACE) {
                assertFalse(reason.getReasonPhrase().contains(fragment), frame.name() + ": " + reason);
            }
            assertFalse(reason.getReasonPhrase().contains("<script>"), frame.name() + ": the close reason echoes markup: " + reason);
        }
        assertHealthy(w);
    }

    /** 5,000 interactions as fast as the socket takes them: the node keeps serving others and stays ready. */
    @ParameterizedTest(name = "viewer channel: a flood of {0} interactions")
    @MethodSource("floods")
    void aFloodOfInteractionsDoesNotStarveOthers(int count) throws Exception {
        World w = world();
        try (ViewerClient flooder = w.viewer()) {
            flooder.hello(w.userToken, REPORT).nextToken("initial");
            try {
                for (int i = 0; i < count; i++) {
                    flooder.interaction(i % 2 == 0 ? "page" : "filter");
                }
            } catch (IOException | IllegalStateException closedUnderUs) {
                // a close for the flood is an acceptable answer too: checked below
            }
            try (ViewerClient other = w.viewer()) {
                other.hello(w.api.signIn(w.tenant, "bob").getString("access_token"), REPORT).nextToken("initial");
            }
            if (!flooder.isOpen()) {
                int code = flooder.closeReason(Duration.ofSeconds(5)).getCloseCode().getCode();
                assertTrue(code == 1008 || code == 1013, "a flood is closed as a policy violation or try-again-later, not " + code);
            }
        }
        assertHealthy(w);
    }

    static Stream<Integer> floods() {
        return Stream.of(5_000);
    }
}
