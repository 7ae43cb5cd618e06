package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request parameters of the OAuth endpoints, from a form body, a JSON body (what GitHub's client
 * libraries send) or the query string, as GitHub accepts them; and the client's credentials from
 * those parameters or HTTP Basic.
 */
final class OAuthParameters {

    static final int MAX_VALUE_LENGTH = 8_192;

    private OAuthParameters() {
    }

    static Map<String, String> merge(Map<String, List<String>> query, Map<String, List<String>> body) {
        Map<String, String> merged = new HashMap<>();
        add(merged, query);
        add(merged, body);
        return merged;
    }

    static Map<String, List<String>> fromJson(JsonObject json) {
        Map<String, List<String>> values = new HashMap<>();
        for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
            JsonValue value = entry.getValue();
            String text = switch (value.getValueType()) {
                case STRING -> ((JsonString) value).getString();
                case NUMBER -> ((JsonNumber) value).toString();
                case TRUE, FALSE -> value.toString();
                case NULL -> null;
                default -> throw OAuthException.invalidRequest("Parameter '" + entry.getKey() + "' must be a string, not " + value.getValueType());
            };
            if (text != null) {
                values.put(entry.getKey(), List.of(text));
            }
        }
        return values;
    }

    /** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64; a client uses one method only. */
    static ClientCredentials credentials(String authorization, Map<String, String> parameters) {
        String clientId = parameters.get("client_id");
        String clientSecret = parameters.get("client_secret");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new ClientCredentials(clientId, clientSecret, false);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("The HTTP Basic credentials are not valid base64", true);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthException.invalidClient("The HTTP Basic credentials must be client_id:client_secret", true);
        }
        String basicId;
        String basicSecret;
        try {
            basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            basicSecret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("The HTTP Basic credentials are not form-encoded correctly (RFC 6749 §2.3.1): "
                    + e.getMessage(), true);
        }
        if (clientSecret != null) {
            throw OAuthException.invalidRequest("Send client credentials once: either HTTP Basic or client_secret in the request, not both");
        }
        if (clientId != null && !clientId.equals(basicId)) {
            throw OAuthException.invalidRequest("client_id in the request differs from the one in HTTP Basic");
        }
        return new ClientCredentials(basicId, basicSecret, true);
    }

    private static void add(Map<String, String> merged, Map<String, List<String>> source) {
        if (source == null) {
            return;
        }
        for (Map.Entry<String, List<String>> entry : source.entrySet()) {
            for (String value : entry.getValue()) {
                if (value.length() > MAX_VALUE_LENGTH) {
                    throw OAuthException.invalidRequest("Parameter '" + entry.getKey() + "' is longer than " + MAX_VALUE_LENGTH + " characters");
                }
                // PostgreSQL text cannot hold NUL: the client lookup failed with a 500 (BadInputIT)
                if (value.indexOf('\u0000') >= 0) {
                    throw OAuthException.invalidRequest("Parameter '" + entry.getKey() + "' contains a NUL character");
                }
                String previous = merged.putIfAbsent(entry.getKey(), value);
                // RFC 6749 §3.2: parameters MUST NOT be included more than once.
                if (previous != null) {
                    throw OAuthException.invalidRequest("Parameter '" + entry.getKey() + "' is given more than once");
                }
            }
        }
    }
}
