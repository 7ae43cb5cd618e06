package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a token response as GitHub does: JSON when the client asks for it with
 * {@code Accept: application/json}, otherwise form-encoded. Numbers are JSON numbers.
 */
final class TokenResponses {

    static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED_TYPE.withCharset("utf-8");

    private TokenResponses() {
    }

    static boolean wantsJson(HttpHeaders headers) {
        return wantsJson(headers.getHeaderString(HttpHeaders.ACCEPT));
    }

    /** JSON when the client names JSON (or a +json type such as GitHub's) with a non-zero quality; otherwise a form. */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!(type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json")))) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(parameter.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = false;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** The fields of a token answer, in GitHub's order. */
    static Map<String, Object> fields(IssuedTokens issued, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", issued.accessToken());
        if (issued.accessExpiresAt() != null) {
            fields.put("expires_in", IssuedTokens.secondsLeft(issued.accessExpiresAt(), now));
        }
        if (issued.refreshToken() != null) {
            fields.put("refresh_token", issued.refreshToken());
            fields.put("refresh_token_expires_in", IssuedTokens.secondsLeft(issued.refreshExpiresAt(), now));
        }
        fields.put("scope", issued.scope() == null ? "" : issued.scope());
        fields.put("token_type", "bearer");
        return fields;
    }

    /** Any answer of the OAuth endpoints (strings and whole numbers), as JSON or form, never cached. */
    static Response write(Map<String, Object> fields, boolean json) {
        return noStore(json ? Response.ok(toJson(fields), MediaType.APPLICATION_JSON_TYPE) : Response.ok(toForm(fields), FORM)).build();
    }

    /** RFC 6749 §5.1: responses carrying tokens MUST NOT be cached. */
    static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    static String toJson(Map<String, Object> fields) {
        JsonObjectBuilder json = JsonBuilders.object();
        fields.forEach((name, value) -> {
            if (value instanceof Long number) {
                json.add(name, number);
            } else {
                json.add(name, value.toString());
            }
        });
        return json.build().toString();
    }

    static String toForm(Map<String, Object> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> form.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)));
        return form.toString();
    }

    /** RFC 6749 §5.2: the body of a refusal, {@code {error, error_description[, error_reason][, interval]}}. */
    static String errorBody(OAuthException e) {
        JsonObjectBuilder body = JsonBuilders.object()
                .add("error", e.error().code())
                .add("error_description", e.getMessage());
        if (e.reason() != null) {
            body.add("error_reason", e.reason().code());
        }
        if (e.interval() > 0) {
            body.add("interval", e.interval());
        }
        return body.build().toString();
    }

    /** RFC 6749 §5.2: a client that used Basic gets the scheme it should use again. */
    static final String BASIC_CHALLENGE = "Basic realm=\"tokenkeeper\", charset=\"UTF-8\"";
}
