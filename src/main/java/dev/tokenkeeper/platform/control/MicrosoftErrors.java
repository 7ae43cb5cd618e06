package dev.tokenkeeper.platform.control;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;

/**
 * Microsoft's own words about a failure, for messages an admin can act on. Shared by the Power BI
 * embed token provider and the Azure capacity driver, which meet the same three shapes.
 */
public final class MicrosoftErrors {

    private MicrosoftErrors() {
    }

    /**
     * " (code: message)" when the body has Microsoft's words, else "". Entra ID answers
     * {@code {"error": "invalid_client", "error_description": "AADSTS7000215: …"}}, Power BI and Azure
     * Resource Manager {@code {"error": {"code": "…", "message": "…"}}}. Only the first line, capped:
     * Entra's descriptions go on with trace and correlation ids.
     */
    public static String describe(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return "";
        }
        try {
            JsonObject json = JsonBuilders.parseObject(body);
            JsonValue error = json.get("error");
            String words;
            if (error instanceof JsonObject nested) {
                words = nested.getString("code", "") + (nested.containsKey("message") ? ": " + nested.getString("message", "") : "");
            } else if (error != null && error.getValueType() == JsonValue.ValueType.STRING) {
                words = json.getString("error") + (json.containsKey("error_description") ? ": " + json.getString("error_description", "") : "");
            } else {
                return "";
            }
            String firstLine = words.lines().findFirst().orElse("").trim();
            return firstLine.isEmpty() ? "" : " (" + (firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine) + ")";
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    /** The first of these headers the answer carries: the id Microsoft's support asks for. Null when none. */
    public static String requestId(HttpResponse<?> response, String... headers) {
        for (String header : headers) {
            String id = response.headers().firstValue(header).orElse(null);
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
