package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.boundary.ServerErrorMapper;
import dev.tokenkeeper.token.control.TokenMetrics;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /login/oauth/access_token}, GitHub's token endpoint: parameters as a form, as JSON,
 * or in the query string; the answer as JSON or form by {@code Accept}.
 *
 * <p>A servlet, not a JAX-RS resource: every signed-in user's client comes here every few hours,
 * and all of them at once after an outage, so the route takes the shortest path the platform has.
 * Measured on this stack, a JAX-RS resource costs about twice a servlet per request
 * (docs/benchmarks.md). The contract is the same as the other OAuth routes': the same parameter
 * rules ({@link OAuthParameters}), the same answers ({@link TokenResponses}) and the same error
 * bodies. A request is refused (rate limit, malformed input, unknown client) before any database
 * or signing work.
 */
@WebServlet(name = "TokenEndpoint", urlPatterns = "/login/oauth/access_token", loadOnStartup = 1)
public class TokenEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Far above any real token request (a few hundred bytes; a subject token a few kilobytes). */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String ALLOW = "POST, OPTIONS";

    @Inject
    transient TokenGrants grants;

    @Inject
    transient Clock clock;

    @Inject
    transient TokenMetrics metrics;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Map<String, String> parameters = OAuthParameters.merge(query(request.getQueryString()), body(request));
            ClientCredentials credentials = OAuthParameters.credentials(request.getHeader("Authorization"), parameters);
            grants.admit(credentials.clientId());
            IssuedTokens issued = metrics.grant(parameters, credentials.clientId(), () -> {
                if (TokenGrants.REFRESH_TOKEN.equals(parameters.get("grant_type"))) {
                    return grants.refresh(parameters, credentials);
                }
                TokenGrants.requireGrantType(parameters); // before the grant's transaction opens
                return grants.grant(parameters, credentials);
            });
            boolean json = TokenResponses.wantsJson(request.getHeader("Accept"));
            Map<String, Object> fields = TokenResponses.fields(issued, clock.instant());
            ServletAnswers.write(response, 200, json ? "application/json" : "application/x-www-form-urlencoded;charset=utf-8",
                    json ? TokenResponses.toJson(fields) : TokenResponses.toForm(fields));
        } catch (OAuthException refusal) {
            refuse(response, refusal);
        } catch (RuntimeException failure) {
            fail(response, failure);
        }
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", ALLOW);
        response.setStatus(204);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("POST".equals(method) || "OPTIONS".equals(method)) {
            try {
                super.service(request, response);
            } catch (jakarta.servlet.ServletException e) {
                fail(response, new IllegalStateException(e));
            }
            return;
        }
        response.setHeader("Allow", ALLOW);
        ServletAnswers.error(response, 405, "method_not_allowed", "This path does not accept " + method + ": POST the token request");
    }

    /** The body's parameters by Content-Type; any other type (or none) carries none, as on GitHub. */
    private static Map<String, List<String>> body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null) {
            return Map.of();
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean form = mediaType.equals("application/x-www-form-urlencoded");
        boolean json = mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
        if (!form && !json) {
            return Map.of();
        }
        String text = readBody(request);
        if (text.isBlank()) {
            return Map.of();
        }
        if (form) {
            return query(text);
        }
        JsonObject object;
        try {
            object = JsonBuilders.parseObject(text);
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            throw OAuthException.invalidRequest("The body is not a JSON object: send {\"grant_type\": …} or a form");
        }
        return OAuthParameters.fromJson(object);
    }

    private static String readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static OAuthException tooLarge() {
        return OAuthException.invalidRequest("The request body is larger than " + MAX_BODY_BYTES / 1024
                + " KiB: a token request needs a few hundred bytes");
    }

    /** {@code a=1&b=2} as sent in a query string or a form body (UTF-8, '+' is a space). */
    static Map<String, List<String>> query(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("The parameters are not form-encoded correctly: " + e.getMessage());
            }
        }
        return values;
    }

    private static void refuse(HttpServletResponse response, OAuthException e) throws IOException {
        if (e.error() == OAuthError.INVALID_CLIENT && e.basicAuthUsed()) {
            response.setHeader("WWW-Authenticate", TokenResponses.BASIC_CHALLENGE);
        }
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ServletAnswers.write(response, e.error().status(), "application/json", TokenResponses.errorBody(e));
    }

    /** The platform's last-line mapper decides, as for every JAX-RS route: 503 for a database away, a logged id for the rest. */
    private static void fail(HttpServletResponse response, RuntimeException failure) throws IOException {
        Response answer = new ServerErrorMapper().toResponse(failure);
        answer.getStringHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        ServletAnswers.write(response, answer.getStatus(), "application/json", String.valueOf(answer.getEntity()));
    }
}
