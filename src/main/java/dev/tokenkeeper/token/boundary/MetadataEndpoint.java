package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.security.control.Pkce;
import dev.tokenkeeper.token.control.AuthorizationCodeGrant;
import dev.tokenkeeper.token.control.DeviceFlow;
import dev.tokenkeeper.token.control.TokenExchangeGrant;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /.well-known/oauth-authorization-server}: RFC 8414 server metadata, a constant for the
 * life of the process (the issuer is configuration), encoded once.
 *
 * <p>A servlet, as the token endpoint: every client library that discovers us asks for it, and the
 * answer is a constant, so the route takes the platform's shortest path. As a JAX-RS resource it
 * cost 1.3–1.6 times a constant answer from the bare platform's JAX-RS, and a plain servlet costs
 * about half of that (docs/benchmarks.md). Documented in {@code META-INF/openapi.yaml}.
 */
@WebServlet(name = "MetadataEndpoint", urlPatterns = "/.well-known/oauth-authorization-server", loadOnStartup = 1)
public class MetadataEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    /** Clients may keep it five minutes; no-transform keeps proxies from re-encoding a signed-off document. */
    static final String CACHE_CONTROL = "no-transform, max-age=300";

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    transient String issuer;

    /** The JSON, UTF-8 encoded once. */
    private transient byte[] body;

    @Override
    public void init() {
        body = metadata(issuer).getBytes(StandardCharsets.UTF_8);
    }

    static String metadata(String issuer) {
        String base = Urls.withoutTrailingSlash(issuer);
        return JsonBuilders.object()
                // RFC 8414 §3.3: issuer MUST be identical to the issuer identifier the client used.
                .add("issuer", issuer)
                .add("authorization_endpoint", base + "/login/oauth/authorize")
                .add("token_endpoint", base + "/login/oauth/access_token")
                .add("jwks_uri", base + "/oauth/jwks")
                .add("revocation_endpoint", base + "/oauth/revoke")
                .add("introspection_endpoint", base + "/oauth/introspect")
                .add("device_authorization_endpoint", base + "/login/device/code")
                .add("grant_types_supported", JsonBuilders.array()
                        .add("refresh_token").add(TokenExchangeGrant.GRANT_TYPE).add("client_credentials")
                        .add(DeviceFlow.GRANT_TYPE).add(AuthorizationCodeGrant.GRANT_TYPE))
                .add("response_types_supported", JsonBuilders.array().add("code"))
                .add("code_challenge_methods_supported", JsonBuilders.array().add(Pkce.S256))
                .add("token_endpoint_auth_methods_supported", clientAuthMethods())
                .add("revocation_endpoint_auth_methods_supported", clientAuthMethods())
                .add("introspection_endpoint_auth_methods_supported", clientAuthMethods())
                .add("scopes_supported", JsonBuilders.array())
                .build().toString();
    }

    /** How every OAuth route that takes client credentials takes them (a builder each: one is spent by its build). */
    private static JsonArrayBuilder clientAuthMethods() {
        return JsonBuilders.array().add("client_secret_basic").add("client_secret_post");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", ALLOW);
        response.setStatus(204);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            super.service(request, response);
            return;
        }
        response.setHeader("Allow", ALLOW);
        ServletAnswers.error(response, 405, "method_not_allowed", "This path does not accept " + method + ": GET the metadata");
    }
}
